import { createVexoraClient } from './client.ts'

export const vexora = { id: 'vexora', createClient: createVexoraClient } as const

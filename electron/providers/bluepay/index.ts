import { createBluePayClient } from './client.ts'

export const bluepay = { id: 'bluepay', createClient: createBluePayClient } as const

import { createVexoraClient, vexoraFieldsChecked } from './client.ts'

export const vexora = {
  id: 'vexora',
  createClient: createVexoraClient,
  checkFields: vexoraFieldsChecked,
} as const

import { bluepayFieldsChecked, createBluePayClient } from './client.ts'

export const bluepay = {
  id: 'bluepay',
  createClient: createBluePayClient,
  checkFields: (_area: string, fields: Readonly<Record<string, string>>) => bluepayFieldsChecked(fields),
} as const

// The public Nigeria sandbox secret and the payout body of vexora-api.md §1.3's computed vectors: the
// unit test checks our signatures against them, the bench signs the same body.
export const VEXORA_VECTOR_SECRET = 'dbecac55466b4958a2d06069fcf49e18'
export const VEXORA_VECTOR_PAYOUT = {
  amount: '100000',
  bankAccountNo: '5464438554636',
  bankCode: '0001',
  customerName: 'jack',
  email: 'user@gmail.com',
  mobile: '6281245907765',
  notifyUrl: 'https://google.com',
  remark: 'remark',
  timestamp: '1732985021335',
  tradeNo: '39fa354542824ee789faf526f27c024f',
}

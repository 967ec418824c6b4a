/**
 * A polite live region that is not shown: what it says is read out when it changes (a payout's status,
 * a batch's state), without moving focus. Keep the text short and change it only when it means something.
 */
export function LiveStatus({ children, testId }: { children: string; testId?: string }) {
  return (
    <div role="status" className="visually-hidden" data-testid={testId}>
      {children}
    </div>
  )
}

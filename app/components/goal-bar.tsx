export function GoalBar({ count, goal }: { count: number; goal: number }) {
  const percent = Math.min(100, Math.round((count / Math.max(1, goal)) * 100))
  return (
    <div className="goal">
      <p className="goal__numbers">
        <strong>{count.toLocaleString('en-US')}</strong> signatures
        <span className="goal__target"> of {goal.toLocaleString('en-US')} goal</span>
      </p>
      <div
        className="goal__bar"
        role="progressbar"
        aria-label="Signatures toward the goal"
        aria-valuemin={0}
        aria-valuemax={goal}
        aria-valuenow={count}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
    </div>
  )
}

// Promised time limits (时限) per category and where an event stands against them. Pure: the clock is
// an argument, so tests move time instead of waiting for it.
import { SLA_HOURS } from '../demo/event.history.ts';
import type { EventState } from './event.workflow.ts';

/** Hours from report: arrive on site and verify, solve, give feedback, acceptance (整改验收). */
export interface TimeLimits {
  arrive: number;
  solve: number;
  feedback: number;
  acceptance: number;
}
export type Milestone = keyof TimeLimits;
export const MILESTONES: readonly Milestone[] = ['arrive', 'solve', 'feedback', 'acceptance'];

/** 职能部门3小时内到达现场查验, 24小时内解决问题, 36小时内向群众反馈结果, 48小时进行整改验收 */
export const DEFAULT_LIMITS: TimeLimits = SLA_HOURS.default;

export const limitsFor = (category: string, table: Record<string, TimeLimits> = SLA_HOURS): TimeLimits => table[category] ?? table.default ?? DEFAULT_LIMITS;

const HOUR = 3_600_000;

/** Due times of every milestone, counted from the report. */
export function dueTimes(reportedAt: Date, limits: TimeLimits): Record<Milestone, string> {
  return Object.fromEntries(MILESTONES.map((m) => [m, new Date(reportedAt.getTime() + limits[m] * HOUR).toISOString()])) as Record<Milestone, string>;
}

/** The milestone an event in this state works towards: reaching the next state meets it. */
export function pendingMilestone(state: EventState): Milestone | null {
  switch (state) {
    case 'reported':
    case 'accepted':
    case 'dispatched':
      return 'arrive'; // met by in_progress
    case 'in_progress':
      return 'solve'; // met by resolved
    case 'resolved':
      return 'feedback'; // met by feedback
    case 'feedback':
      return 'acceptance'; // met by closed
    default:
      return null;
  }
}

export interface Standing {
  /** the milestone pending now, and when it is due; null once the loop is closed */
  next_due: { milestone: Milestone; at: string } | null;
  overdue: boolean;
}

export function standing(state: EventState, due: Partial<Record<Milestone, string>>, now: Date): Standing {
  const milestone = pendingMilestone(state);
  const at = milestone ? due[milestone] : undefined;
  if (!milestone || !at) return { next_due: null, overdue: false };
  return { next_due: { milestone, at }, overdue: now.getTime() > Date.parse(at) };
}

/** When an event is promised to be settled (Open311's expected_datetime): acceptance, or null once closed. */
export const expectedAt = (state: EventState, due: Partial<Record<Milestone, string>>): string | null =>
  pendingMilestone(state) ? (due.acceptance ?? null) : null;

// The closed loop 上报 → 立案/核实 → 派遣 → 处置 → 反馈 → 核查结案 → 评价 as a pure state machine: which
// step may follow which, and who may take it. The routes and the repository ask it; nothing else decides.
import type { Role } from '../auth/access.rule.ts';

export const EVENT_STATES = [
  'reported', // 上报
  'accepted', // 立案 (verified and accepted as a case)
  'rejected', // 不予立案
  'dispatched', // 派遣 (to the grid worker or a department)
  'in_progress', // 处置中 (someone is on site)
  'resolved', // 处置完毕
  'feedback', // 已反馈 (the reporter has been told)
  'closed', // 核查结案
  'evaluated', // 已评价 (satisfaction recorded)
  'merged', // a duplicate folded into its original
] as const;
export type EventState = (typeof EVENT_STATES)[number];

/** Who takes a step: a role, or the grid worker the event is dispatched to. */
export type Taker = 'dispatcher' | 'assigned_worker' | 'admin';

interface Step {
  from: EventState;
  to: EventState;
  by: readonly Taker[];
}

// Dispatchers own the case (accept, dispatch, verify, merge); the worker on the ground moves the work;
// admins may do anything a dispatcher may, so a dispatch centre is never stuck without one.
const STEPS: readonly Step[] = [
  { from: 'reported', to: 'accepted', by: ['dispatcher', 'admin'] },
  { from: 'reported', to: 'rejected', by: ['dispatcher', 'admin'] },
  { from: 'reported', to: 'merged', by: ['dispatcher', 'admin'] },
  { from: 'accepted', to: 'dispatched', by: ['dispatcher', 'admin'] },
  { from: 'accepted', to: 'merged', by: ['dispatcher', 'admin'] },
  { from: 'dispatched', to: 'dispatched', by: ['dispatcher', 'admin'] }, // re-dispatch to someone else
  { from: 'dispatched', to: 'in_progress', by: ['assigned_worker', 'dispatcher', 'admin'] },
  { from: 'in_progress', to: 'resolved', by: ['assigned_worker', 'dispatcher', 'admin'] },
  { from: 'resolved', to: 'feedback', by: ['assigned_worker', 'dispatcher', 'admin'] },
  // verification fails: back to the worker
  { from: 'feedback', to: 'in_progress', by: ['dispatcher', 'admin'] },
  { from: 'feedback', to: 'closed', by: ['dispatcher', 'admin'] },
  { from: 'closed', to: 'evaluated', by: ['dispatcher', 'admin'] },
];

export const TERMINAL: readonly EventState[] = ['rejected', 'closed', 'evaluated', 'merged'];

export const isEventState = (s: unknown): s is EventState => typeof s === 'string' && (EVENT_STATES as readonly string[]).includes(s);

/** The steps that may follow `from`, whoever takes them. */
export const nextStates = (from: EventState): EventState[] => [...new Set(STEPS.filter((s) => s.from === from).map((s) => s.to))];

export interface Actor {
  role: Role;
  staff_id: number | null;
}

/** What the actor counts as for this event: the assigned worker is a grid worker whose staff row it went to. */
export function takersOf(actor: Actor, assignedWorker: number | null): Taker[] {
  const takers: Taker[] = [];
  if (actor.role === 'dispatcher') takers.push('dispatcher');
  if (actor.role === 'admin') takers.push('admin');
  if (actor.role === 'grid_worker' && actor.staff_id != null && actor.staff_id === assignedWorker) takers.push('assigned_worker');
  return takers;
}

export type TransitionVerdict =
  | { allowed: true }
  | { allowed: false; status: 409 | 403; reason: string; allowed_states: EventState[] };

export function checkTransition(from: EventState, to: EventState, actor: Actor, assignedWorker: number | null): TransitionVerdict {
  const allowedStates = nextStates(from);
  const step = STEPS.find((s) => s.from === from && s.to === to);
  if (!step) {
    return { allowed: false, status: 409, reason: `an event that is ${from} cannot become ${to}; allowed: ${allowedStates.join(', ') || 'none (final)'}`, allowed_states: allowedStates };
  }
  const takers = takersOf(actor, assignedWorker);
  if (!step.by.some((b) => takers.includes(b))) {
    const who = step.by.map((b) => (b === 'assigned_worker' ? 'the assigned grid worker' : b)).join(', ');
    return { allowed: false, status: 403, reason: `${from} → ${to} is taken by ${who}`, allowed_states: allowedStates };
  }
  return { allowed: true };
}

/**
 * The lifecycles of 电子监察 (services.md §3): a signal is raised → read → cleared (never deleted);
 * a 督办 notice is issued → answered → accepted, or returned and answered again.
 */
export const SIGNAL_STATES = ['raised', 'read', 'cleared'] as const;
export type SignalState = (typeof SIGNAL_STATES)[number];
export const SIGNAL_STATE_LABELS: Record<SignalState, string> = { raised: '未读', read: '已读', cleared: '已消除' };

export const NOTICE_STATES = ['issued', 'answered', 'returned', 'accepted'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];
export const NOTICE_STATE_LABELS: Record<NoticeState, string> = {
  issued: '待回复',
  answered: '已回复待审核',
  returned: '已退回待重新回复',
  accepted: '已办结',
};

/**
 * Which events a state allows. Reading a read or cleared signal is refused; clearing an unread
 * signal is allowed (whoever clears it has read it: the read is recorded at the same instant);
 * a cleared signal cannot be cleared again.
 */
export const SIGNAL_EVENTS = {
  read: ['raised'],
  clear: ['raised', 'read'],
} as const satisfies Record<string, readonly SignalState[]>;

export const NOTICE_EVENTS = {
  answer: ['issued', 'returned'],
  accept: ['answered'],
  return: ['answered'],
} as const satisfies Record<string, readonly NoticeState[]>;

export function signalAllows(state: SignalState, event: keyof typeof SIGNAL_EVENTS): boolean {
  return (SIGNAL_EVENTS[event] as readonly SignalState[]).includes(state);
}

export function noticeAllows(state: NoticeState, event: keyof typeof NOTICE_EVENTS): boolean {
  return (NOTICE_EVENTS[event] as readonly NoticeState[]).includes(state);
}

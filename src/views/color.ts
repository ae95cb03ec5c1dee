/** The Adaptive Card colours a row, a fact or a badge takes. */
export type Color = 'Default' | 'Good' | 'Warning' | 'Attention' | 'Accent';

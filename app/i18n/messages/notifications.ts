/** Texts of the notifications area. */
export const en = {};

export const fi: Record<keyof typeof en, string> = {};

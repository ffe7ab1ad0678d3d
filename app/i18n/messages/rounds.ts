/** Texts of the rounds area. */
export const en = {};

export const fi: Record<keyof typeof en, string> = {};

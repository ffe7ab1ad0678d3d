/** Texts of the mail area. */
export const en = {};

export const fi: Record<keyof typeof en, string> = {};

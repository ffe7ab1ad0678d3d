/** Texts of assessment rounds and invitations. */
export const en = {
  "nav.rounds": "Assessment rounds",
};

export const fi: Record<keyof typeof en, string> = {
  "nav.rounds": "Arviointikierrokset",
};

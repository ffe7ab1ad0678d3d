/** Types of round-trips.mjs (plain JavaScript, so the built server can preload it with node --import). */
export function installRoundTripCounter(): { count: number; texts: string[] | null };
export function readRoundTrips(dir: string, pids: number[]): Promise<number>;

// Its own module: the provider clients need this number without loading the run records' schemas.

/** The longest a timer can wait: 2^31−1 ms, about 24.8 days (a longer one fires at once). */
export const MAX_TIMEOUT_MS = 2_147_483_647;

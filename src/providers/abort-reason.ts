/**
 * What an adapter re-throws when its caller aborted the request: the signal's reason (the loop
 * tells a timeout from an abort by it), or a standard AbortError when there is none.
 */
export function abortReason(signal?: AbortSignal): unknown {
  return signal?.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

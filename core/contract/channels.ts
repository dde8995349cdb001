/** The one invoke channel and the one event channel between preload and main. */
export const CALL_CHANNEL = 'kiosk:call';
export const EVENT_CHANNEL = 'kiosk:event';

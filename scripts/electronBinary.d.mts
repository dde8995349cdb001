export function electronBinary(): { path?: string; reason?: string };
export function hasDisplay(): boolean;

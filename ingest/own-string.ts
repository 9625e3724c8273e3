/**
 * A copy of a string that shares no memory with the text it was cut from. V8 keeps a slice of 13
 * or more characters as a pointer into its parent, so a host or field name kept in a long-lived
 * map would keep alive the whole request body it was parsed from. UTF-16 round trip: exact for
 * any string.
 */
export const ownString = (s: string): string => Buffer.from(s, 'utf16le').toString('utf16le');

/**
 * The rule of a clock nearing its limit, the same on the desk's queue (amber) and in the core (the
 * 即将到期 alarm, spoken): a running clock with less than this part of its limit left.
 */
export const SLA_WARN_LEFT = 0.25;

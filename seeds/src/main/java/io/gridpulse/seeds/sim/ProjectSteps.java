package io.gridpulse.seeds.sim;

/**
 * What the key projects' driver has done so far (domain {@code projects}).
 *
 * @param refused steps the server refused (403, 409, 422): none while the model keeps the rules
 * @param retried steps tried again a moment later because the server did not answer or could not
 *     serve them then (an error, 5xx, 429)
 */
public record ProjectSteps(long reports, long raised, long resolved, long refused, long retried) {}

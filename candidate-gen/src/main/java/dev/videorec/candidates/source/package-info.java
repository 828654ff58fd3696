/**
 * Candidate sources and the mixer. Each source proposes videos for one reason: personal taste (the embedding
 * source), "because you watched X" (item-to-item), what the user's channels just posted (subscriptions), new
 * uploads in the user's topics (fresh), what is trending in the user's region, and all-time popularity. The
 * {@link dev.videorec.candidates.source.CandidateMixer} runs them in parallel under per-source quotas and time
 * budgets configured in JSON ({@link dev.videorec.candidates.source.CandidateMixerConfig}), keeps every
 * candidate's attribution, and fails open when a source fails or runs late.
 */
package dev.videorec.candidates.source;

/**
 * Candidate sources and the mixer. Each source proposes videos for one reason (personal taste, popularity...);
 * the {@link dev.videorec.candidates.source.CandidateMixer} merges them under per-source quotas, keeps every
 * candidate's attribution, and fails open when one source fails.
 */
package dev.videorec.candidates.source;

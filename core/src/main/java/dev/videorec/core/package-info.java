/**
 * The domain vocabulary shared by every stage of the funnel: ids, {@link dev.videorec.core.Video},
 * {@link dev.videorec.core.User}, the logged {@link dev.videorec.core.Interaction}, and the objects that travel
 * through one request ({@link dev.videorec.core.RecommendationRequest} → {@link dev.videorec.core.Candidate} →
 * {@link dev.videorec.core.ScoredCandidate} → {@link dev.videorec.core.Recommendation}).
 *
 * <p>Everything here is an immutable record that validates its arguments, so a value that exists is a valid
 * value. This package depends on the JDK only (the module's one library, Jackson, serves {@code core.json}); the
 * stage modules agree on these types and on nothing else.
 */
package dev.videorec.core;

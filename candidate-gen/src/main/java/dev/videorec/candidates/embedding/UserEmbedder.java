package dev.videorec.candidates.embedding;

import dev.videorec.core.RequestContext;
import java.util.Optional;

/**
 * Turns a request into the user's query vector for retrieval.
 *
 * <p>Two ways to serve a user embedding (see the module README):
 * <ul>
 *   <li><b>static</b>: vectors computed in batch for every known user and looked up per request; cheapest, but
 *       stale until the next batch (a watch made since does not move the vector);</li>
 *   <li><b>dynamic</b>: the user tower runs per request on the user's history and context as of the request; fresh
 *       at the cost of one small forward pass.</li>
 * </ul>
 *
 * <p>Implementations are immutable and safe for concurrent calls; the returned array belongs to the caller.
 */
@FunctionalInterface
public interface UserEmbedder {
  /** The query vector for this request, or empty when the embedder knows nothing of the user (cold start). */
  Optional<float[]> embed(RequestContext context);
}

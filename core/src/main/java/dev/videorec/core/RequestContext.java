package dev.videorec.core;

import java.util.Objects;

/**
 * Everything a stage may know about one request: what the client asked, and the user's history as of the request
 * instant. Stages receive this instead of looking state up themselves, so the same request replays identically.
 *
 * @param request the client's request
 * @param history the user's history strictly before {@code request.timestamp()}
 */
public record RequestContext(RecommendationRequest request, UserHistory history) {
  public RequestContext {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(history, "history");
    if (!request.user().equals(history.user())) {
      throw new IllegalArgumentException(
          "history belongs to " + history.user() + " but the request is for " + request.user());
    }
  }

  public UserId user() {
    return request.user();
  }
}

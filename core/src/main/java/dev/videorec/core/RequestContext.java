package dev.videorec.core;

import java.util.Objects;

/**
 * Everything a stage may know about one request: what the client asked, who the user is, and the user's history
 * as of the request instant. Stages receive this instead of looking state up themselves, so the same request
 * replays identically.
 *
 * @param request the client's request
 * @param profile the user's profile (region, language, device, age verification)
 * @param history the user's history strictly before {@code request.timestamp()}
 */
public record RequestContext(RecommendationRequest request, User profile, UserHistory history) {
  public RequestContext {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(history, "history");
    if (!request.user().equals(history.user())) {
      throw new IllegalArgumentException(
          "history belongs to " + history.user() + " but the request is for " + request.user());
    }
    if (!request.user().equals(profile.id())) {
      throw new IllegalArgumentException(
          "profile belongs to " + profile.id() + " but the request is for " + request.user());
    }
  }

  /** A request from a user of whom nothing but the history is known: region unknown, not verified as adult. */
  public RequestContext(RecommendationRequest request, UserHistory history) {
    this(request, new User(request.user(), Video.UNKNOWN), history);
  }

  public UserId user() {
    return request.user();
  }
}

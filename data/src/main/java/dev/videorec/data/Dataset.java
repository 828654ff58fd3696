package dev.videorec.data;

import dev.videorec.core.Interaction;
import dev.videorec.core.User;
import dev.videorec.core.Video;
import java.util.List;
import java.util.Objects;

/**
 * A dataset in memory: users, the video catalogue, and the interaction log in time order.
 *
 * @param manifest     how it was made
 * @param users        every user, in id order
 * @param catalog      every video
 * @param interactions the impression log, non-decreasing in timestamp
 */
public record Dataset(Manifest manifest, List<User> users, VideoCatalog catalog, List<Interaction> interactions) {
  public Dataset {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(catalog, "catalog");
    users = List.copyOf(users);
    interactions = List.copyOf(interactions);
  }

  public List<Video> videos() {
    return catalog.videos();
  }
}

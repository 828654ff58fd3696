package dev.videorec.data;

import dev.videorec.core.Interaction;
import dev.videorec.core.Subscription;
import dev.videorec.core.Topic;
import dev.videorec.core.User;
import dev.videorec.core.Video;
import java.util.List;
import java.util.Objects;

/**
 * A dataset in memory: the topic hierarchy, users, the video catalogue, subscriptions, and the interaction log in
 * time order.
 *
 * @param manifest      how it was made
 * @param topics        every topic, in id order
 * @param users         every user, in id order
 * @param catalog       every video
 * @param subscriptions every subscription
 * @param interactions  the impression log, non-decreasing in timestamp
 * @param skipped       rows a lenient read skipped ({@link SkippedRows#NONE} for a strict read)
 */
public record Dataset(Manifest manifest, List<Topic> topics, List<User> users, VideoCatalog catalog,
                      List<Subscription> subscriptions, List<Interaction> interactions, SkippedRows skipped) {
  public Dataset {
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(skipped, "skipped");
    topics = List.copyOf(topics);
    users = List.copyOf(users);
    subscriptions = List.copyOf(subscriptions);
    interactions = List.copyOf(interactions);
  }

  public List<Video> videos() {
    return catalog.videos();
  }
}

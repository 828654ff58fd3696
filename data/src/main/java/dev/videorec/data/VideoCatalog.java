package dev.videorec.data;

import dev.videorec.core.Catalog;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable in-memory {@link Catalog}, safe for concurrent reads. */
public final class VideoCatalog implements Catalog {
  private final Map<VideoId, Video> byId;
  /** The same videos indexed by id value when ids are dense enough (as in every videorec dataset); else null. */
  private final Video[] dense;
  private final List<Video> inIdOrder;

  /** @throws IllegalArgumentException if two videos share an id */
  public VideoCatalog(List<Video> videos) {
    Map<VideoId, Video> map = new HashMap<>(videos.size() * 2);
    for (Video v : videos) {
      if (map.put(v.id(), v) != null) {
        throw new IllegalArgumentException("duplicate video id " + v.id());
      }
    }
    List<Video> sorted = new ArrayList<>(videos);
    sorted.sort(Comparator.comparing(Video::id));
    this.byId = Map.copyOf(map);
    this.inIdOrder = List.copyOf(sorted);
    int maxId = sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1).id().value();
    // Look-ups sit on every serving path (filters, features, explanations): an array index beats hashing.
    if (maxId >= 0 && maxId < 2L * sorted.size() + 1024) {
      dense = new Video[maxId + 1];
      sorted.forEach(v -> dense[v.id().value()] = v);
    } else {
      dense = null;
    }
  }

  @Override
  public Optional<Video> find(VideoId id) {
    return Optional.ofNullable(lookUp(id));
  }

  /** As the interface's, without the {@code Optional}: every candidate of every request is looked up here. */
  @Override
  public Video get(VideoId id) {
    Video v = lookUp(id);
    if (v == null) {
      throw new IllegalArgumentException("unknown video " + id);
    }
    return v;
  }

  private Video lookUp(VideoId id) {
    if (dense != null) {
      int i = id.value();
      return i < dense.length ? dense[i] : null;
    }
    return byId.get(id);
  }

  @Override
  public List<Video> videos() {
    return inIdOrder;
  }

  @Override
  public int size() {
    return inIdOrder.size();
  }
}

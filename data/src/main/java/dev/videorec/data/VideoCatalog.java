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
  }

  @Override
  public Optional<Video> find(VideoId id) {
    return Optional.ofNullable(byId.get(id));
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

package dev.videorec.data;

import dev.videorec.core.Catalog;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable in-memory {@link Catalog}, safe for concurrent reads. */
public final class VideoCatalog implements Catalog {
  /** The videos by id, when ids are too sparse for {@link #dense}; else null. */
  private final Map<VideoId, Video> byId;
  /** The same videos indexed by id value when ids are dense enough (as in every videorec dataset); else null. */
  private final Video[] dense;
  private final List<Video> inIdOrder;
  /** {@link #idBound}, {@link #topicBound} and {@link #firstTopicBound}, found in the pass that finds the ids. */
  private final int idBound;
  private final int topicBound;
  private final int firstTopicBound;

  /** @throws IllegalArgumentException if two videos share an id */
  public VideoCatalog(List<Video> videos) {
    int maxId = -1;
    int maxTopic = 0;
    int maxFirstTopic = 0;
    for (Video v : videos) {
      maxId = Math.max(maxId, v.id().value());
      List<Integer> topics = v.topics();
      maxFirstTopic = Math.max(maxFirstTopic, topics.get(0));
      for (int i = 0; i < topics.size(); i++) {
        maxTopic = Math.max(maxTopic, topics.get(i));
      }
    }
    this.idBound = maxId + 1;
    this.topicBound = maxTopic + 1;
    this.firstTopicBound = maxFirstTopic + 1;
    // Look-ups sit on every serving path (filters, features, explanations): an array index beats hashing. Dense
    // ids also give the id order without sorting, and a catalogue of a million videos is built in milliseconds.
    if (maxId >= 0 && maxId < 2L * videos.size() + 1024) {
      Video[] table = new Video[maxId + 1];
      for (Video v : videos) {
        if (table[v.id().value()] != null) {
          throw new IllegalArgumentException("duplicate video id " + v.id());
        }
        table[v.id().value()] = v;
      }
      List<Video> ordered = new ArrayList<>(videos.size());
      for (Video v : table) {
        if (v != null) {
          ordered.add(v);
        }
      }
      this.dense = table;
      this.byId = null;
      this.inIdOrder = Collections.unmodifiableList(ordered);
    } else {
      Map<VideoId, Video> map = new HashMap<>(videos.size() * 2);
      for (Video v : videos) {
        if (map.put(v.id(), v) != null) {
          throw new IllegalArgumentException("duplicate video id " + v.id());
        }
      }
      List<Video> sorted = new ArrayList<>(videos);
      sorted.sort(Comparator.comparing(Video::id));
      this.dense = null;
      this.byId = map;
      this.inIdOrder = Collections.unmodifiableList(sorted);
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

  @Override
  public int topicBound() {
    return topicBound;
  }

  @Override
  public int firstTopicBound() {
    return firstTopicBound;
  }

  @Override
  public int idBound() {
    return idBound;
  }
}

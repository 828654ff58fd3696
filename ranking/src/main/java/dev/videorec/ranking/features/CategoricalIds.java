package dev.videorec.ranking.features;

import dev.videorec.core.IdSet;
import dev.videorec.core.CreatorId;
import dev.videorec.core.Interaction;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.core.Catalog;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The categorical inputs of the ranker: the video id, the creator id and the primary topic, each turned into a row
 * of an embedding table.
 *
 * <p>Video and creator ids are unbounded vocabularies: they are hashed into a fixed number of buckets, so the
 * model's size does not grow with the catalogue, at the price of occasional collisions. Bucket 0 is the
 * out-of-vocabulary bucket, shared by every id the training window never showed: a new video starts from "an
 * average unseen video", not from whatever video it happens to collide with. Topics are a small closed vocabulary:
 * one row each, and one more for a topic beyond it.
 *
 * <p>Immutable and thread-safe.
 */
public final class CategoricalIds {
  /** Embedding rows for video ids, bucket 0 included. */
  public static final int VIDEO_BUCKETS = 1 << 14;
  /** Embedding rows for creator ids, bucket 0 included. */
  public static final int CREATOR_BUCKETS = 1 << 12;
  /** The categorical inputs, in order. */
  public static final List<String> NAMES = List.of("video_id", "creator_id", "topic");
  public static final int SIZE = NAMES.size();

  // Membership is tested for every candidate of every request: int sets, not sets of boxed ids.
  private final List<VideoId> videoList;
  private final List<CreatorId> creatorList;
  private final IdSet videos;
  private final IdSet creators;
  private final int topics;

  private CategoricalIds(Collection<VideoId> videos, Collection<CreatorId> creators, int topics) {
    this.videoList = List.copyOf(new TreeSet<>(videos));
    this.creatorList = List.copyOf(new TreeSet<>(creators));
    this.videos = IdSet.of(videoList.stream().mapToInt(VideoId::value).toArray(), true);
    this.creators = IdSet.of(creatorList.stream().mapToInt(CreatorId::value).toArray(), true);
    if (topics < 1) {
      throw new IllegalArgumentException("topics must be >= 1, got " + topics);
    }
    this.topics = topics;
  }

  /** The vocabularies of a training log: every video it showed, and their creators. */
  public static CategoricalIds fit(List<Interaction> log, Catalog catalog, int topics) {
    TreeSet<VideoId> v = new TreeSet<>();
    TreeSet<CreatorId> c = new TreeSet<>();
    for (Interaction i : log) {
      if (v.add(i.video())) {
        c.add(catalog.get(i.video()).creator());
      }
    }
    return new CategoricalIds(v, c, topics);
  }

  /** Vocabularies as stored with a model. */
  public static CategoricalIds of(Collection<VideoId> videos, Collection<CreatorId> creators, int topics) {
    return new CategoricalIds(videos, creators, topics);
  }

  /** The in-vocabulary videos, in id order. */
  public List<VideoId> videos() {
    return videoList;
  }

  /** The in-vocabulary creators, in id order. */
  public List<CreatorId> creators() {
    return creatorList;
  }

  public int topics() {
    return topics;
  }

  /** Embedding rows of the topic table: one per topic and one out-of-vocabulary row. */
  public int topicRows() {
    return topics + 1;
  }

  /** Writes the three row indices of {@code video} (as floats, which is how DL4J takes them). */
  public void ids(Video video, float[] out, int offset) {
    Objects.requireNonNull(video, "video");
    out[offset] = videos.contains(video.id().value()) ? bucket(video.id().value(), VIDEO_BUCKETS) : 0;
    out[offset + 1] = creators.contains(video.creator().value()) ? bucket(video.creator().value(), CREATOR_BUCKETS) : 0;
    out[offset + 2] = video.topic() < topics ? video.topic() : topics;
  }

  private static int bucket(int id, int buckets) {
    long z = id * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
    z ^= z >>> 29;
    return 1 + (int) Math.floorMod(z, (long) buckets - 1);
  }
}

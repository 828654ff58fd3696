package dev.videorec.candidates.twotower;

import dev.videorec.core.Catalog;
import dev.videorec.core.CreatorId;
import dev.videorec.core.Device;
import dev.videorec.core.Interaction;
import dev.videorec.core.User;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The inputs of both towers, computed by one code path for training and serving (so the two cannot drift apart),
 * with the vocabularies and normaliser statistics fitted on the training window only.
 *
 * <p>User tower inputs: the ids of the last {@code historyLength} distinct watches, most recent first, pooled as a
 * mean of their id embeddings; and a dense vector of the history's topic mix, its length, the device, the region
 * and the hour of day. Video tower inputs: the video id, the creator id (each with an out-of-vocabulary slot for
 * ids the training window never saw), and a dense vector of the topic mix, the log duration and the log age, both
 * standardised.
 *
 * <p>Immutable and safe for concurrent reads.
 */
final class TwoTowerFeatures {
  private static final int DEVICES = Device.values().length;
  private static final double SECONDS_PER_DAY = 86_400.0;
  /** Weight of a video's secondary topics in its topic mix (the primary topic weighs 1). */
  private static final float SECONDARY_TOPIC_WEIGHT = 0.5f;

  final int historyLength;
  final int topicCount;
  private final Catalog catalog;
  private final Map<VideoId, Integer> videoIndex;
  private final Map<CreatorId, Integer> creatorIndex;
  private final Map<String, Integer> regionIndex;
  final double logDurationMean;
  final double logDurationStd;
  final double logAgeMean;
  final double logAgeStd;

  private TwoTowerFeatures(int historyLength, int topicCount, Catalog catalog, Map<VideoId, Integer> videoIndex,
                           Map<CreatorId, Integer> creatorIndex, Map<String, Integer> regionIndex,
                           double logDurationMean, double logDurationStd, double logAgeMean, double logAgeStd) {
    this.historyLength = historyLength;
    this.topicCount = topicCount;
    this.catalog = catalog;
    this.videoIndex = videoIndex;
    this.creatorIndex = creatorIndex;
    this.regionIndex = regionIndex;
    this.logDurationMean = logDurationMean;
    this.logDurationStd = logDurationStd;
    this.logAgeMean = logAgeMean;
    this.logAgeStd = logAgeStd;
  }

  /**
   * Fits vocabularies and statistics on the clicks of a training log: the video vocabulary is every clicked
   * video, the creator vocabulary their creators, the region vocabulary every user's region.
   */
  static TwoTowerFeatures fit(List<Interaction> clicks, Catalog catalog, List<User> users, int historyLength) {
    TreeSet<VideoId> videos = new TreeSet<>();
    double ageSum = 0;
    double ageSq = 0;
    for (Interaction i : clicks) {
      videos.add(i.video());
      double a = logAgeDays(catalog.get(i.video()), i.timestamp());
      ageSum += a;
      ageSq += a * a;
    }
    Map<VideoId, Integer> videoIndex = new HashMap<>();
    TreeSet<CreatorId> creators = new TreeSet<>();
    double durSum = 0;
    double durSq = 0;
    for (VideoId v : videos) {
      videoIndex.put(v, videoIndex.size());
      Video video = catalog.get(v);
      creators.add(video.creator());
      double d = Math.log1p(video.durationSeconds());
      durSum += d;
      durSq += d * d;
    }
    Map<CreatorId, Integer> creatorIndex = new HashMap<>();
    creators.forEach(c -> creatorIndex.put(c, creatorIndex.size()));
    TreeSet<String> regions = new TreeSet<>();
    users.forEach(u -> regions.add(u.region()));
    Map<String, Integer> regionIndex = new HashMap<>();
    regions.forEach(r -> regionIndex.put(r, regionIndex.size()));
    int n = Math.max(1, clicks.size());
    int nv = Math.max(1, videos.size());
    double durMean = durSum / nv;
    double ageMean = ageSum / n;
    return new TwoTowerFeatures(historyLength, topicCount(catalog), catalog, Map.copyOf(videoIndex),
        Map.copyOf(creatorIndex), Map.copyOf(regionIndex), durMean, std(durSq / nv, durMean), ageMean,
        std(ageSq / n, ageMean));
  }

  /** Features with stored vocabularies and statistics; rows are the lists' indices. */
  static TwoTowerFeatures restore(Catalog catalog, int historyLength, int topicCount, List<VideoId> videos,
                                  List<CreatorId> creators, List<String> regions, double[] stats) {
    if (topicCount(catalog) > topicCount) {
      throw new IllegalArgumentException("the catalogue has " + topicCount(catalog) + " topics, the model "
          + topicCount);
    }
    Map<VideoId, Integer> videoIndex = new HashMap<>();
    videos.forEach(v -> videoIndex.put(v, videoIndex.size()));
    Map<CreatorId, Integer> creatorIndex = new HashMap<>();
    creators.forEach(c -> creatorIndex.put(c, creatorIndex.size()));
    Map<String, Integer> regionIndex = new HashMap<>();
    regions.forEach(r -> regionIndex.put(r, regionIndex.size()));
    return new TwoTowerFeatures(historyLength, topicCount, catalog, Map.copyOf(videoIndex), Map.copyOf(creatorIndex),
        Map.copyOf(regionIndex), stats[0], stats[1], stats[2], stats[3]);
  }

  /** The vocabularies in row order, for saving. */
  List<VideoId> videoVocabulary() {
    return inRowOrder(videoIndex);
  }

  List<CreatorId> creatorVocabulary() {
    return inRowOrder(creatorIndex);
  }

  List<String> regions() {
    return inRowOrder(regionIndex);
  }

  private static <K> List<K> inRowOrder(Map<K, Integer> index) {
    List<K> out = new java.util.ArrayList<>(java.util.Collections.nCopies(index.size(), null));
    index.forEach((k, row) -> out.set(row, k));
    return out;
  }

  private static double std(double meanSquare, double mean) {
    return Math.max(1e-3, Math.sqrt(Math.max(0, meanSquare - mean * mean)));
  }

  private static int topicCount(Catalog catalog) {
    return catalog.topicBound();
  }

  private static double logAgeDays(Video v, long time) {
    return Math.log1p(Math.max(0, v.ageSecondsAt(time)) / SECONDS_PER_DAY);
  }

  /** Rows of the id embedding table: the vocabulary plus one out-of-vocabulary row. */
  int videoRows() {
    return videoIndex.size() + 1;
  }

  int creatorRows() {
    return creatorIndex.size() + 1;
  }

  /** The id embedding row of {@code video}; the last row for a video the training window never saw. */
  int videoRow(VideoId video) {
    Integer r = videoIndex.get(video);
    return r == null ? videoIndex.size() : r;
  }

  int outOfVocabularyVideoRow() {
    return videoIndex.size();
  }

  int creatorRow(CreatorId creator) {
    Integer r = creatorIndex.get(creator);
    return r == null ? creatorIndex.size() : r;
  }

  int userDenseWidth() {
    return topicCount + 1 + DEVICES + regionIndex.size() + 1 + 2;
  }

  int videoDenseWidth() {
    return topicCount + 2;
  }

  /**
   * Writes the user's pooled-history inputs: {@code historyLength} embedding rows and their pooling weights (a
   * mean over the watches present; padding rows weigh 0).
   *
   * @param recentFirst distinct watches, most recent first; only the first {@code historyLength} are used
   */
  void history(List<VideoId> recentFirst, int[] rows, int rowOffset, float[] weights, int weightOffset) {
    int n = Math.min(historyLength, recentFirst.size());
    float w = n == 0 ? 0f : 1f / n;
    for (int h = 0; h < historyLength; h++) {
      if (h < n) {
        rows[rowOffset + h] = videoRow(recentFirst.get(h));
        weights[weightOffset + h] = w;
      } else {
        rows[rowOffset + h] = outOfVocabularyVideoRow();
        weights[weightOffset + h] = 0f;
      }
    }
  }

  /** Writes the user tower's dense inputs ({@link #userDenseWidth()} values) as of {@code time}. */
  void userDense(List<VideoId> recentFirst, User profile, long time, float[] out, int offset) {
    java.util.Arrays.fill(out, offset, offset + userDenseWidth(), 0f);
    // Topic mix of the pooled history.
    int n = Math.min(historyLength, recentFirst.size());
    float total = 0;
    for (int h = 0; h < n; h++) {
      Optional<Video> v = catalog.find(recentFirst.get(h));
      if (v.isPresent()) {
        total += addTopics(v.get(), out, offset, 1f);
      }
    }
    if (total > 0) {
      for (int t = 0; t < topicCount; t++) {
        out[offset + t] /= total;
      }
    }
    int p = offset + topicCount;
    out[p++] = (float) (Math.log1p(n) / Math.log1p(historyLength));
    out[p + profile.device().ordinal()] = 1f;
    p += DEVICES;
    Integer region = regionIndex.get(profile.region());
    out[p + (region == null ? regionIndex.size() : region)] = 1f;
    p += regionIndex.size() + 1;
    double hour = 2 * Math.PI * Math.floorMod(time, 86_400L) / 86_400.0;
    out[p++] = (float) Math.sin(hour);
    out[p] = (float) Math.cos(hour);
  }

  /** Writes the video tower's dense inputs ({@link #videoDenseWidth()} values) as of {@code time}. */
  void videoDense(Video video, long time, float[] out, int offset) {
    java.util.Arrays.fill(out, offset, offset + videoDenseWidth(), 0f);
    addTopics(video, out, offset, 1f);
    int p = offset + topicCount;
    out[p++] = (float) ((Math.log1p(video.durationSeconds()) - logDurationMean) / logDurationStd);
    out[p] = (float) ((logAgeDays(video, time) - logAgeMean) / logAgeStd);
  }

  /** Adds the video's topic mix (primary 1, others {@value #SECONDARY_TOPIC_WEIGHT}); returns the weight added. */
  private float addTopics(Video v, float[] out, int offset, float scale) {
    float sum = 0;
    List<Integer> topics = v.topics();
    for (int k = 0; k < topics.size(); k++) {
      int t = topics.get(k);
      if (t < topicCount) {
        float w = scale * (k == 0 ? 1f : SECONDARY_TOPIC_WEIGHT);
        out[offset + t] += w;
        sum += w;
      }
    }
    return sum;
  }
}

package dev.videorec.candidates.twotower;

import dev.videorec.candidates.embedding.UserEmbedder;
import dev.videorec.candidates.embedding.VideoEmbeddings;
import dev.videorec.core.RequestContext;
import dev.videorec.core.User;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A trained two-tower retrieval model, exported from the training graph to plain Java so that serving needs no
 * ND4J: the user tower runs per request (a pooling and two small dense layers), and the video tower fills the vector
 * index.
 *
 * <p>Both towers end in an L2 normalisation, so a user-video score is a cosine in {@code [-1, 1]}; training saw it
 * divided by the temperature, which does not change the ranking.
 *
 * <p>Immutable and safe for concurrent use.
 */
public final class TwoTowerModel {
  private final TwoTowerConfig config;
  private final TwoTowerFeatures features;
  private final float[][] videoIds;
  private final float[][] creators;
  private final DenseLayer userHidden;
  private final DenseLayer userOut;
  private final DenseLayer videoHidden;
  private final DenseLayer videoOut;

  TwoTowerModel(TwoTowerConfig config, TwoTowerFeatures features, float[][] videoIds, float[][] creators,
                DenseLayer userHidden, DenseLayer userOut, DenseLayer videoHidden, DenseLayer videoOut) {
    this.config = config;
    this.features = features;
    this.videoIds = videoIds;
    this.creators = creators;
    this.userHidden = userHidden;
    this.userOut = userOut;
    this.videoHidden = videoHidden;
    this.videoOut = videoOut;
  }

  public TwoTowerConfig config() {
    return config;
  }

  /** The width of both towers' outputs. */
  public int dimension() {
    return userOut.outputs();
  }

  /** Videos with an id embedding of their own (clicked in the training window). */
  public int vocabularySize() {
    return videoIds.length - 1;
  }

  TwoTowerFeatures features() {
    return features;
  }

  float[][] videoTable() {
    return videoIds;
  }

  float[][] creatorTable() {
    return creators;
  }

  /** User hidden, user output, video hidden, video output: the order of the saved file. */
  List<DenseLayer> layers() {
    return List.of(userHidden, userOut, videoHidden, videoOut);
  }

  /** Saves this model to {@code dir} (see {@link TwoTowerFiles}). */
  public void save(java.nio.file.Path dir) {
    TwoTowerFiles.save(this, dir);
  }

  /**
   * The user tower: the query vector of a user with these distinct watches (most recent first) and this profile,
   * at {@code time}. Defined for every user: without history it rests on the profile and the context alone.
   */
  public float[] userVector(List<VideoId> recentFirst, User profile, long time) {
    Objects.requireNonNull(recentFirst, "recentFirst");
    Objects.requireNonNull(profile, "profile");
    int h = features.historyLength;
    int[] rows = new int[h];
    float[] weights = new float[h];
    features.history(recentFirst, rows, 0, weights, 0);
    int d = config.idDimension();
    float[] input = new float[d + features.userDenseWidth()];
    for (int k = 0; k < h; k++) {
      if (weights[k] != 0f) {
        float[] e = videoIds[rows[k]];
        for (int j = 0; j < d; j++) {
          input[j] += weights[k] * e[j];
        }
      }
    }
    features.userDense(recentFirst, profile, time, input, d);
    return normalise(userOut.forward(userHidden.forward(input)));
  }

  /** The video tower: the vector of {@code video} as of {@code time} (its age enters the tower). */
  public float[] videoVector(Video video, long time) {
    Objects.requireNonNull(video, "video");
    int d = config.idDimension();
    int dc = config.creatorDimension();
    float[] input = new float[d + dc + features.videoDenseWidth()];
    System.arraycopy(videoIds[features.videoRow(video.id())], 0, input, 0, d);
    System.arraycopy(creators[features.creatorRow(video.creator())], 0, input, d, dc);
    features.videoDense(video, time, input, d + dc);
    return normalise(videoOut.forward(videoHidden.forward(input)));
  }

  /**
   * The video tower over a catalogue snapshot: every video uploaded at or before {@code asOf}, in the given order,
   * embedded as of {@code asOf}. The result feeds a vector index that is rebuilt with the catalogue.
   *
   * @throws IllegalArgumentException if no video was uploaded by {@code asOf}
   */
  public VideoEmbeddings videoEmbeddings(Collection<Video> videos, long asOf) {
    List<Video> uploaded = new ArrayList<>(videos.size());
    for (Video v : videos) {
      if (v.uploadTime() <= asOf) {
        uploaded.add(v);
      }
    }
    if (uploaded.isEmpty()) {
      throw new IllegalArgumentException("no video was uploaded by " + asOf);
    }
    // Each vector depends on its video alone, so the catalogue is embedded on all cores (a million videos take
    // seconds on one) and the result is the same on any number of them.
    float[][] vectors = new float[uploaded.size()][];
    java.util.stream.IntStream.range(0, vectors.length).parallel()
        .forEach(i -> vectors[i] = videoVector(uploaded.get(i), asOf));
    return new VideoEmbeddings(uploaded.stream().map(Video::id).toList(), vectors);
  }

  /**
   * Dynamic user embeddings: the user tower runs on each request's history, profile and timestamp, so a watch
   * made a second ago already moves the query.
   */
  public UserEmbedder dynamicUsers() {
    return context -> Optional.of(userVector(context.history().watched(), context.profile(),
        context.request().timestamp()));
  }

  /**
   * Static user embeddings: the user tower is run once, in batch, for each of {@code contexts} (typically every
   * known user as of the end of training) and looked up afterwards; unknown users get no vector (cold start), and
   * a known user's vector does not change until the next batch.
   */
  public UserEmbedder staticUsers(Collection<RequestContext> contexts) {
    Map<UserId, float[]> vectors = new HashMap<>(contexts.size() * 2);
    for (RequestContext c : contexts) {
      vectors.put(c.user(), userVector(c.history().watched(), c.profile(), c.request().timestamp()));
    }
    Map<UserId, float[]> frozen = Map.copyOf(vectors);
    return context -> {
      float[] v = frozen.get(context.user());
      return v == null ? Optional.empty() : Optional.of(v.clone());
    };
  }

  static float[] normalise(float[] v) {
    double sq = 0;
    for (float x : v) {
      sq += (double) x * x;
    }
    float inv = (float) (1.0 / (Math.sqrt(sq) + TwoTowerTrainer.NORM_EPSILON));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }
}

package dev.videorec.ranking.features;

import dev.videorec.core.Catalog;
import dev.videorec.core.Device;
import dev.videorec.core.UserId;
import dev.videorec.core.Interaction;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The training examples of every ranking model, extracted in one pass: the log is replayed through a
 * {@link PointInTimeFeatures} store, and each impression after the warm-up becomes a row of features read
 * <em>before</em> the impression is observed, its click label, and the fraction watched when clicked.
 *
 * <p>Impressions of the warm-up (at most a quarter of the log's time span) only fill the store: their features
 * would be near-empty. After the replay the store is frozen and serves requests, so training and serving read the
 * same implementation. Immutable once built.
 *
 * @param features  row-major {@code count × FeatureSpec.SIZE}
 * @param ids       row-major {@code count × CategoricalIds.SIZE}: embedding rows of the video, creator and topic
 * @param clicked   1 for a click, else 0
 * @param watched   the fraction watched of a clicked impression, in [0, 1]; 0 for a non-click
 * @param count     examples
 * @param positives clicked examples
 * @param positions the position each impression was shown at
 * @param propensities the serving policy's probability of each impression at its position (1 if not logged)
 * @param store     the frozen feature store, holding the whole log
 * @param vocabulary the categorical vocabularies of the log
 */
public record TrainingExamples(float[] features, float[] ids, float[] clicked, float[] watched, int[] positions,
                               double[] propensities, int count, int positives, PointInTimeFeatures store, CategoricalIds vocabulary) {
  /**
   * Replays {@code log}.
   *
   * @param deviceOf   the device each user watches on (the request context of their impressions)
   * @param warmupDays days at the start used only to warm the store up
   * @throws IllegalArgumentException if the log is empty or out of order, refers to unknown videos, or leaves no
   *                                  example with both a click and a non-click after the warm-up
   */
  public static TrainingExamples replay(List<Interaction> log, Catalog catalog, Function<UserId, Device> deviceOf,
                                        int warmupDays) {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(deviceOf, "deviceOf");
    if (log.isEmpty()) {
      throw new IllegalArgumentException("cannot train on an empty log");
    }
    long first = log.get(0).timestamp();
    long span = log.get(log.size() - 1).timestamp() - first;
    return replaySince(log, catalog, deviceOf, first + Math.min(warmupDays * 86_400L, span / 4));
  }

  /**
   * Replays {@code log} through a new store, keeping as examples only the impressions at or after {@code since}
   * (epoch seconds): what continued training of a ranker learns from, with features that still see the whole
   * history before each impression.
   *
   * @throws IllegalArgumentException if the log is empty or out of order, refers to unknown videos, or leaves no
   *                                  example with both a click and a non-click from {@code since} on
   */
  public static TrainingExamples replaySince(List<Interaction> log, Catalog catalog,
                                             Function<UserId, Device> deviceOf, long since) {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(deviceOf, "deviceOf");
    if (log.isEmpty()) {
      throw new IllegalArgumentException("cannot train on an empty log");
    }
    int topics = PointInTimeFeatures.topicCount(catalog);
    PointInTimeFeatures store = new PointInTimeFeatures(catalog, topics);
    CategoricalIds vocabulary = CategoricalIds.fit(log, catalog, topics);
    long warmupEnd = since;
    int f = FeatureSpec.SIZE;
    int capacity = 0;
    for (Interaction i : log) {
      if (i.timestamp() >= warmupEnd) {
        capacity++;
      }
    }
    float[] x = new float[capacity * f];
    float[] ids = new float[capacity * CategoricalIds.SIZE];
    float[] y = new float[capacity];
    float[] watched = new float[capacity];
    int[] positions = new int[capacity];
    double[] propensities = new double[capacity];
    int[] n = {0};
    store.replay(log, (i, s) -> {
      if (i.timestamp() >= warmupEnd) {
        s.features(i.user(), deviceOf.apply(i.user()), i.video(), i.timestamp(), x, n[0] * f);
        vocabulary.ids(catalog.get(i.video()), ids, n[0] * CategoricalIds.SIZE);
        positions[n[0]] = i.position();
        propensities[n[0]] = i.propensity();
        watched[n[0]] = i.clicked()
            ? (float) Math.min(1.0, i.watchSeconds() / (double) catalog.get(i.video()).durationSeconds()) : 0f;
        y[n[0]++] = i.clicked() ? 1f : 0f;
      }
    });
    store.freeze();
    int positives = 0;
    for (int k = 0; k < n[0]; k++) {
      positives += (int) y[k];
    }
    if (positives == 0 || positives == n[0]) {
      throw new IllegalArgumentException("training needs clicks and non-clicks after the warm-up; got " + positives
          + " clicks in " + n[0] + " examples");
    }
    return new TrainingExamples(x, ids, y, watched, positions, propensities, n[0], positives, store, vocabulary);
  }
}

/**
 * The seeded synthetic video platform: users with hidden topic interests and activity levels, creators with
 * hidden quality and fame, videos with a hidden quality and a hidden clickbait trait, and an impression log drawn
 * from a hidden ground-truth click and watch model under a logging policy with position bias.
 *
 * <p>{@link dev.videorec.data.synthetic.SyntheticWorld} generates; {@link dev.videorec.data.synthetic.GroundTruth}
 * answers "what would this user really do" for simulation and tests. Models never read the ground truth: they
 * learn from the written log alone, exactly as they would from a real platform's log.
 *
 * <p>Everything is a pure function of {@link dev.videorec.data.WorldConfig} (which includes the seed),
 * computed with {@link java.lang.StrictMath} so that the same seed writes byte-identical files on every JVM.
 */
package dev.videorec.data.synthetic;

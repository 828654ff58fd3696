package dev.videorec.core;

/** The kind of screen a user watches on; it shapes what they prefer (short clips on phones, long videos on TV). */
public enum Device {
  MOBILE,
  DESKTOP,
  TV,
  /** A dataset without device information. */
  UNKNOWN
}

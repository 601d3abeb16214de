package io.tollgate.fakes;

import java.util.List;

/**
 * A reply text prepared once for a chunk count: escaped pieces and word count are reused by every
 * request, so the benchmark's fixed mode does no per-request reply building.
 */
record FixedReply(
    String text, int chunks, String quotedText, List<String> quotedPieces, int words) {

  static FixedReply of(String text, int chunks) {
    List<String> pieces = Words.split(text, chunks).stream().map(Json::escape).toList();
    return new FixedReply(text, chunks, Json.escape(text), pieces, Words.count(text));
  }

  /** This reply re-split for another chunk count, or itself when the count matches. */
  FixedReply forChunks(int n) {
    return n == chunks ? this : of(text, n);
  }
}

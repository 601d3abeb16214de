package io.tollgate.fakes;

import io.vertx.core.buffer.Buffer;
import java.util.List;

/** The configured model ids with their {@code GET /v1/models} body encoded once. */
final class ModelList {

  // A fixed timestamp keeps responses byte-for-byte reproducible between runs.
  static final long CREATED = 1_715_367_049L;

  final List<String> ids;
  final Buffer listBody;

  ModelList(List<String> ids) {
    this.ids = List.copyOf(ids);
    StringBuilder sb = new StringBuilder("{\"object\":\"list\",\"data\":[");
    for (int i = 0; i < this.ids.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(model(this.ids.get(i)));
    }
    this.listBody = Buffer.buffer(sb.append("]}").toString());
  }

  static String model(String id) {
    return "{\"id\":\""
        + Json.escape(id)
        + "\",\"object\":\"model\",\"created\":"
        + CREATED
        + ",\"owned_by\":\"system\"}";
  }
}

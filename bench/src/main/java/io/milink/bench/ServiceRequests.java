package io.milink.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What the service harnesses ask milink serve before they measure it: a link created, a state reached. Blocking. */
final class ServiceRequests {

    private ServiceRequests() {
    }

    /** Creates the twins' link through POST /v1/links and waits for the operation to succeed; returns its name. */
    static String createLink(HttpClient client, int port, String token, String request) throws Exception {
        Buffer accepted = client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                        .setPort(port).setURI("/v1/links").putHeader("Authorization", "Bearer " + token)
                        .putHeader("Content-Type", "application/json").setTimeout(30_000))
                .compose(r -> r.send(request))
                .compose(response -> response.body())
                .await();
        JsonObject operation = new JsonObject(accepted);
        String id = operation.getString("id");
        if (id == null) {
            throw new IllegalStateException("POST /v1/links was refused: " + accepted);
        }
        awaitSucceeded(client, port, "/v1/operations/" + id, token);
        return operation.getJsonObject("request").getString("name");
    }

    /** Polls the link's status until every database replicates: the state a dashboard watches longest. */
    static Buffer awaitReplicating(HttpClient client, int port, String path, String token) throws Exception {
        for (int i = 0; i < 600; i++) {
            Buffer body = HttpLoad.get(client, port, path, token).await();
            JsonArray databases = new JsonObject(body).getJsonArray("databases");
            if (!databases.isEmpty() && databases.stream().allMatch(d -> ((JsonObject) d).getString("phase")
                    .equals("Replicating"))) {
                return body;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the benchmark's link did not reach Replicating in 60 s on port " + port);
    }

    /** Polls until the operation is final, so the measured reads see a row that no longer changes. */
    static Buffer awaitSucceeded(HttpClient client, int port, String path, String token) throws Exception {
        for (int i = 0; i < 600; i++) {
            Buffer body = HttpLoad.get(client, port, path, token).await();
            String state = new JsonObject(body).getString("state");
            if (state.equals("Succeeded")) {
                return body;
            }
            if (state.equals("Failed") || state.equals("Canceled")) {
                throw new IllegalStateException("the benchmark's operation ended " + state + ": " + body);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the benchmark's operation did not succeed in 60 s: " + path);
    }
}

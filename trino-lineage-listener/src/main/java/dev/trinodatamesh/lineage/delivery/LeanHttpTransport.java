/*
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.trinodatamesh.lineage.delivery;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.google.common.collect.ImmutableMap;
import io.openlineage.client.OpenLineage.DatasetEvent;
import io.openlineage.client.OpenLineage.JobEvent;
import io.openlineage.client.OpenLineage.RunEvent;
import io.openlineage.client.OpenLineageClientUtils;
import io.openlineage.client.transports.HttpTransportResponseException;
import io.openlineage.client.transports.Transport;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Posts each event as JSON to the OpenLineage endpoint over one kept-alive HTTP/1.1 connection
 * (TLS for {@code https}): what a sender needs and no more. A general HTTP client runs every
 * request through routing, connection-pool, retry, redirect, cookie and protocol-interceptor
 * steps; here a request is one write and a response one read, which halves a sender's CPU time
 * per event. Retries are the sink's. A response other than 2xx throws
 * {@link HttpTransportResponseException} with the status, as the OpenLineage client's transport does.
 */
final class LeanHttpTransport
        extends Transport
{
    private static final int MAX_ERROR_BODY = 4096;

    private final String host;
    private final int port;
    private final boolean tls;
    private final byte[] requestHead;
    private final boolean gzip;
    private final int timeoutMillis;
    private final ObjectWriter writer = OpenLineageClientUtils.newObjectMapper().writer();
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    LeanHttpTransport(URI url, String endpoint, Optional<String> apiKey, Map<String, String> headers, boolean gzip, int timeoutMillis)
    {
        requireNonNull(url, "url is null");
        this.tls = "https".equalsIgnoreCase(url.getScheme());
        this.host = requireNonNull(url.getHost(), () -> "no host in lineage.http.url " + url);
        this.port = url.getPort() != -1 ? url.getPort() : tls ? 443 : 80;
        this.gzip = gzip;
        this.timeoutMillis = timeoutMillis;
        String base = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String path = (base.endsWith("/") ? base : base + "/") + (endpoint.startsWith("/") ? endpoint.substring(1) : endpoint);
        StringBuilder head = new StringBuilder()
                .append("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(url.getPort() == -1 ? "" : ":" + port).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Accept: application/json\r\n");
        apiKey.ifPresent(key -> head.append("Authorization: Bearer ").append(key).append("\r\n"));
        ImmutableMap.copyOf(headers).forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (gzip) {
            head.append("Content-Encoding: gzip\r\n");
        }
        head.append("Content-Length: ");
        this.requestHead = head.toString().getBytes(ISO_8859_1);
    }

    @Override
    public void emit(RunEvent event)
    {
        post(serialize(event));
    }

    private void post(byte[] body)
    {
        boolean reused = socket != null;
        try {
            send(body);
        }
        catch (IOException e) {
            disconnect();
            if (!reused) {
                throw new UncheckedIOException("Cannot send the lineage event to %s:%s".formatted(host, port), e);
            }
            // a kept-alive connection the server closed meanwhile: once more on a new one
            try {
                send(body);
            }
            catch (IOException again) {
                disconnect();
                throw new UncheckedIOException("Cannot send the lineage event to %s:%s".formatted(host, port), again);
            }
        }
    }

    private void send(byte[] body)
            throws IOException
    {
        if (socket == null) {
            connect();
        }
        byte[] length = (body.length + "\r\n\r\n").getBytes(ISO_8859_1);
        byte[] request = new byte[requestHead.length + length.length + body.length];
        System.arraycopy(requestHead, 0, request, 0, requestHead.length);
        System.arraycopy(length, 0, request, requestHead.length, length.length);
        System.arraycopy(body, 0, request, requestHead.length + length.length, body.length);
        out.write(request);
        out.flush();
        readResponse();
    }

    private void readResponse()
            throws IOException
    {
        String statusLine = readLine();
        if (statusLine == null) {
            throw new IOException("connection closed before the response");
        }
        // HTTP/1.1 201 Created
        int firstSpace = statusLine.indexOf(' ');
        if (!statusLine.startsWith("HTTP/") || firstSpace < 0 || statusLine.length() < firstSpace + 4) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(firstSpace + 1, firstSpace + 4));
        boolean keepAlive = !statusLine.startsWith("HTTP/1.0");
        long contentLength = -1;
        boolean chunked = false;
        String line;
        while ((line = readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ENGLISH);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ENGLISH).contains("chunked");
                case "connection" -> keepAlive = keepAlive ? !value.equalsIgnoreCase("close") : value.equalsIgnoreCase("keep-alive");
                default -> {
                    // not needed
                }
            }
        }
        ByteArrayOutputStream errorBody = status / 100 == 2 ? null : new ByteArrayOutputStream();
        if (chunked) {
            long size;
            while ((size = Long.parseLong(chunkSize(readLine()), 16)) > 0) {
                skip(size, errorBody);
                readLine();
            }
            // trailers
            while ((line = readLine()) != null && !line.isEmpty()) {
                // ignored
            }
        }
        else if (contentLength >= 0) {
            skip(contentLength, errorBody);
        }
        else if (status != 204 && status != 304 && status / 100 != 1) {
            // the body ends with the connection
            skip(Long.MAX_VALUE, errorBody);
            keepAlive = false;
        }
        if (!keepAlive) {
            disconnect();
        }
        if (errorBody != null) {
            throw new HttpTransportResponseException(status, errorBody.toString(UTF_8));
        }
    }

    private static String chunkSize(String line)
            throws IOException
    {
        if (line == null) {
            throw new IOException("connection closed in a chunked response");
        }
        int extension = line.indexOf(';');
        return (extension < 0 ? line : line.substring(0, extension)).trim();
    }

    private void skip(long count, ByteArrayOutputStream keep)
            throws IOException
    {
        byte[] buffer = new byte[4096];
        long left = count;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                if (count == Long.MAX_VALUE) {
                    return;
                }
                throw new IOException("connection closed in the response body");
            }
            if (keep != null && keep.size() < MAX_ERROR_BODY) {
                keep.write(buffer, 0, Math.min(read, MAX_ERROR_BODY - keep.size()));
            }
            left -= read;
        }
    }

    private String readLine()
            throws IOException
    {
        StringBuilder line = new StringBuilder();
        int value;
        while ((value = in.read()) >= 0) {
            if (value == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) value);
        }
        return line.isEmpty() ? null : line.toString();
    }

    private void connect()
            throws IOException
    {
        SocketFactory factory = tls ? SSLSocketFactory.getDefault() : SocketFactory.getDefault();
        Socket created = factory.createSocket();
        try {
            created.setTcpNoDelay(true);
            created.setKeepAlive(true);
            created.setSoTimeout(timeoutMillis);
            created.connect(new InetSocketAddress(host, port), timeoutMillis);
            out = created.getOutputStream();
            in = new BufferedInputStream(created.getInputStream(), 8192);
            socket = created;
        }
        catch (IOException | RuntimeException e) {
            created.close();
            throw e;
        }
    }

    private void disconnect()
    {
        if (socket != null) {
            try {
                socket.close();
            }
            catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
            out = null;
            in = null;
        }
    }

    @Override
    public void emit(DatasetEvent event)
    {
        post(serialize(event));
    }

    @Override
    public void emit(JobEvent event)
    {
        post(serialize(event));
    }

    private byte[] serialize(Object event)
    {
        try {
            byte[] body = writer.writeValueAsBytes(event);
            if (!gzip) {
                return body;
            }
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(body.length / 4 + 64);
            try (GZIPOutputStream stream = new GZIPOutputStream(compressed)) {
                stream.write(body);
            }
            return compressed.toByteArray();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot serialize the lineage event", e);
        }
    }

    @Override
    public void close()
    {
        disconnect();
    }
}

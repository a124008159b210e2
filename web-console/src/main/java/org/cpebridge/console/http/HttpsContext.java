package org.cpebridge.console.http;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * The console's server-side TLS from two PEM files: the certificate chain and its unencrypted PKCS#8 key, on the
 * JDK's TLS provider (TLS 1.3 and 1.2). Immutable once built; netty makes one handler per connection from it.
 */
public final class HttpsContext {

    private final SslContext context;

    private HttpsContext(SslContext context) {
        this.context = context;
    }

    /**
     * Reads and checks both files now, so a wrong file stops the start instead of failing each browser later.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static HttpsContext fromPem(Path certFile, Path keyFile) {
        for (Path file : new Path[] {certFile, keyFile}) {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("cannot read " + file);
            }
        }
        try {
            return new HttpsContext(SslContextBuilder.forServer(certFile.toFile(), keyFile.toFile())
                    .sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2").build());
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("no TLS from " + certFile + " and " + keyFile
                    + " (a PEM certificate chain and its unencrypted PKCS#8 key, BEGIN PRIVATE KEY): "
                    + e.getMessage(), e);
        }
    }

    SslContext sslContext() {
        return context;
    }
}

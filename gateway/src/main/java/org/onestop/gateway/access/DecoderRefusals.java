package org.onestop.gateway.access;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/**
 * Netty's HTTP decoder refuses a header block over 8 KB (431), a request line over 8 KB (414) and a request with several
 * {@code Content-Length} values (400) before any filter runs, with an empty body. Those answers are given a problem
 * body like every other refusal: they are recognised on the way out (a full response of one of those statuses with no
 * body and {@code Connection: close}, which is how the decoder answers and nothing else here does).
 */
@Configuration(proxyBeanMethods = false)
class DecoderRefusals {

    private static final String HANDLER = "onestop.decoderRefusals";

    @Bean
    NettyServerCustomizer decoderRefusalsAsProblems() {
        return server -> server.doOnChannelInit((observer, channel, remote) -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpCodec) != null) {
                pipeline.addAfter(NettyPipeline.HttpCodec, HANDLER, new ProblemBodies());
            } else {
                pipeline.addLast(HANDLER, new ProblemBodies());
            }
        });
    }

    static final class ProblemBodies extends ChannelOutboundHandlerAdapter {

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof FullHttpResponse response && response.content().readableBytes() == 0
                    && response.headers().containsValue(HttpHeaderNames.CONNECTION, "close", true)) {
                String body = body(response.status().code());
                if (body != null) {
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    FullHttpResponse problem = response.replace(Unpooled.wrappedBuffer(bytes));
                    problem.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
                    problem.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
                    response.release();
                    ctx.write(problem, promise);
                    return;
                }
            }
            ctx.write(msg, promise);
        }

        private static String body(int status) {
            return switch (status) {
                case 431 -> json(431, "Request Header Fields Too Large", "headers-too-large",
                        "请求头过大 (the request's header block is larger than the gateway accepts)");
                case 414 -> json(414, "URI Too Long", "uri-too-long", "请求行过长 (the request line is longer than 8 KB)");
                case 400 -> json(400, "Bad Request", "malformed-request",
                        "请求格式错误 (the request could not be parsed, e.g. several Content-Length values)");
                default -> null;
            };
        }

        private static String json(int status, String title, String code, String detail) {
            return "{\"type\":\"/problems/" + code + "\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                    + detail + "\",\"code\":\"" + code + "\"}";
        }
    }
}

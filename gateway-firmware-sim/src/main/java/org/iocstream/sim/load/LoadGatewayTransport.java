package org.iocstream.sim.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.iocstream.sim.DeviceListEncoder;
import org.iocstream.sim.Gateway;
import org.iocstream.sim.GatewaySecrets;
import org.iocstream.sim.GatewayTransport;
import org.iocstream.sim.SenmlEncoder;
import org.iocstream.sim.TelemetryMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load-mode gateways: one MQTT 5 connection per gateway, all of them on a fixed number of Netty event-loop
 * threads ({@link LoadTransportOptions#ioThreads}) instead of Paho's threads per connection, so that one process
 * holds thousands. Same identities, topics and payloads as the Paho gateways: client id
 * {@code sim-{commune}-{gateway}}, username {@code {commune}/{gateway}}, retained Last Will {@code offline} on
 * the status topic, retained {@code online} and device list on connect, SenML telemetry at QoS 1.
 *
 * <p>The stages {@link #send} returns complete on the transport's I/O threads: dependent actions must not block.
 * A {@code send} made from one of them does not wait for a free in-flight slot but fails at once without one.
 * A connection the broker drops is not re-established (load runs report it as failures); {@link #restore} does.
 */
public final class LoadGatewayTransport implements GatewayTransport {

    private static final Logger LOG = LoggerFactory.getLogger(LoadGatewayTransport.class);
    private static final byte[] ONLINE = "online".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.UTF_8);
    private static final long IO_SHUTDOWN_QUIET_MILLIS = 0;
    private static final long IO_SHUTDOWN_TIMEOUT_MILLIS = 5_000;

    private final LoadTransportOptions options;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final GatewaySecrets secrets;
    private final Map<String, GatewayConnection> connections = new LinkedHashMap<>();
    private final AtomicInteger connected = new AtomicInteger();
    private volatile boolean closed;

    private LoadGatewayTransport(LoadTransportOptions options, GatewaySecrets secrets) {
        this.options = options;
        this.secrets = secrets;
        this.group = new NioEventLoopGroup(options.ioThreads(), new DefaultThreadFactory("ioc-load-io", true));
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .remoteAddress(options.host(), options.port());
    }

    /** A transport with its I/O threads started and no gateway connected yet. */
    public static LoadGatewayTransport create(LoadTransportOptions options, GatewaySecrets secrets) {
        return new LoadGatewayTransport(options, secrets);
    }

    /** Gateways whose connection the broker has accepted and which have not lost it since. */
    public int connectedGateways() {
        return connected.get();
    }

    public LoadTransportOptions options() {
        return options;
    }

    /**
     * Connects the gateways, at most {@link LoadTransportOptions#maxConcurrentConnects} at a time, and returns
     * once every one is connected and its {@code online} status and device list are acknowledged.
     *
     * @throws IOException if any gateway could not connect or announce itself; the others stay connected and
     *     {@link #close} closes them
     */
    @Override
    public void open(List<Gateway> gateways) throws IOException, InterruptedException {
        requireOpen();
        List<GatewayConnection> opening = new ArrayList<>();
        synchronized (connections) {
            Set<String> identities = new HashSet<>();
            for (Gateway gateway : gateways) {
                if (connections.containsKey(gateway.identity()) || !identities.add(gateway.identity())) {
                    throw new IllegalArgumentException("gateway " + gateway.identity() + " is already open");
                }
            }
            for (Gateway gateway : gateways) {
                GatewayConnection connection = new GatewayConnection(gateway);
                connections.put(gateway.identity(), connection);
                opening.add(connection);
            }
        }
        Semaphore handshakes = new Semaphore(options.maxConcurrentConnects());
        List<CompletableFuture<Void>> done = new ArrayList<>(opening.size());
        for (GatewayConnection connection : opening) {
            handshakes.acquire();
            CompletableFuture<Void> up = connection.connect();
            up.whenComplete((ignored, failure) -> handshakes.release());
            done.add(up);
        }
        awaitAll(done, opening);
    }

    @Override
    public CompletionStage<Void> send(TelemetryMessage message) throws InterruptedException {
        GatewayConnection connection = connection(message.gateway());
        byte[] payload = message.isRaw() ? message.rawPayload()
                : SenmlEncoder.encode(message.readings()).getBytes(StandardCharsets.UTF_8);
        Session session = connection.session;
        if (session == null || !session.isUp()) {
            return CompletableFuture.failedFuture(new IOException("gateway " + message.gateway().identity()
                    + " is not connected"));
        }
        // on an I/O thread (a dependent action of another send) waiting for a slot would stall the acknowledgements
        return session.publish(connection.telemetryTopic, payload, false, !onIoThread());
    }

    private boolean onIoThread() {
        for (EventExecutor executor : group) {
            if (executor.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    /** Resets the gateway's TCP connection without DISCONNECT, so the broker publishes its Will. */
    @Override
    public void cutOff(Gateway gateway) throws InterruptedException {
        GatewayConnection connection = connection(gateway);
        Session session = connection.session;
        if (session != null) {
            session.abort().await();
        }
    }

    @Override
    public void restore(Gateway gateway) throws IOException, InterruptedException {
        requireOpen();
        GatewayConnection connection = connection(gateway);
        Session session = connection.session;
        if (session != null && session.isUp()) {
            throw new IllegalStateException("gateway " + gateway.identity() + " is connected; cut it off first");
        }
        awaitAll(List.of(connection.connect()), List.of(connection));
    }

    /**
     * Publishes every connected gateway's retained {@code offline} status, waits until what is in flight is
     * acknowledged (at most the send timeout), disconnects cleanly and stops the I/O threads.
     */
    @Override
    public void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        List<Session> sessions = new ArrayList<>();
        synchronized (connections) {
            for (GatewayConnection connection : connections.values()) {
                Session session = connection.session;
                if (session != null && session.isUp()) {
                    sessions.add(session);
                }
            }
        }
        try {
            List<CompletableFuture<Void>> offline = new ArrayList<>();
            for (Session session : sessions) {
                offline.add(session.publish(session.owner.statusTopic, OFFLINE, true, true));
            }
            long deadline = System.nanoTime() + options.sendTimeout().toNanos();
            for (Session session : sessions) {
                session.awaitNothingInFlight(deadline);
            }
            long failed = offline.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            if (failed > 0) {
                LOG.warn("{} of {} gateways could not announce offline before disconnecting", failed, sessions.size());
            }
            List<ChannelFuture> closing = new ArrayList<>();
            for (Session session : sessions) {
                closing.add(session.disconnect());
            }
            for (ChannelFuture future : closing) {
                future.await(options.sendTimeout().toMillis());
            }
        } finally {
            group.shutdownGracefully(IO_SHUTDOWN_QUIET_MILLIS, IO_SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                    .await(IO_SHUTDOWN_TIMEOUT_MILLIS * 2);
        }
    }

    private GatewayConnection connection(Gateway gateway) {
        GatewayConnection connection;
        synchronized (connections) {
            connection = connections.get(gateway.identity());
        }
        if (connection == null) {
            throw new IllegalArgumentException("gateway " + gateway.identity() + " was never opened");
        }
        return connection;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the transport is closed");
        }
    }

    /** Waits for every connection attempt; throws one IOException naming how many failed and the first cause. */
    private void awaitAll(List<CompletableFuture<Void>> attempts, List<GatewayConnection> gateways)
            throws IOException, InterruptedException {
        int failures = 0;
        Throwable first = null;
        String firstGateway = null;
        for (int i = 0; i < attempts.size(); i++) {
            try {
                // each attempt ends by itself within the connect timeout
                attempts.get(i).get();
            } catch (ExecutionException e) {
                failures++;
                if (first == null) {
                    first = e.getCause();
                    firstGateway = gateways.get(i).gateway.identity();
                }
            }
        }
        if (failures > 0) {
            throw new IOException(failures + " of " + attempts.size() + " gateways could not connect to "
                    + options.host() + ":" + options.port() + "; first, " + firstGateway + ": " + first, first);
        }
    }

    /** One gateway: its identity and topics, and its current connection. */
    private final class GatewayConnection {

        final Gateway gateway;
        final String clientId;
        final byte[] telemetryTopic;
        final byte[] statusTopic;
        final byte[] devicesTopic;
        volatile Session session;

        GatewayConnection(Gateway gateway) {
            this.gateway = gateway;
            this.clientId = "sim-" + gateway.commune().code() + "-" + gateway.name();
            this.telemetryTopic = MqttPackets.utf8(gateway.telemetryTopic());
            this.statusTopic = MqttPackets.utf8(gateway.statusTopic());
            this.devicesTopic = MqttPackets.utf8(gateway.devicesTopic());
        }

        /** Connects and announces; completes when the broker acknowledged both announcements. */
        CompletableFuture<Void> connect() {
            Session next = new Session(this);
            session = next;
            return next.start()
                    .thenCompose(ignored -> next.publish(statusTopic, ONLINE, true, false))
                    .thenCompose(ignored -> next.publish(devicesTopic, DeviceListEncoder.encode(gateway.devices())
                            .getBytes(StandardCharsets.UTF_8), true, false))
                    .orTimeout(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((ignored, failure) -> {
                        if (failure != null) {
                            next.abort();
                        }
                    });
        }
    }

    /**
     * One TCP connection of a gateway and the QoS 1 messages in flight on it. A message holds a slot of the
     * in-flight window; its packet id is its slot number + 1, free again once its PUBACK arrived.
     */
    private final class Session extends ChannelInboundHandlerAdapter {

        final GatewayConnection owner;
        final CompletableFuture<Void> accepted = new CompletableFuture<>();
        volatile Channel channel;
        /** Set before {@link #accepted} completes; read only after it. */
        Semaphore window;
        AtomicReferenceArray<CompletableFuture<Void>> slots;
        private volatile boolean up;
        private boolean counted;

        Session(GatewayConnection owner) {
            this.owner = owner;
        }

        boolean isUp() {
            return up;
        }

        /** Opens the TCP connection and sends CONNECT; completes on an accepting CONNACK. */
        CompletableFuture<Void> start() {
            ChannelFuture connecting = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    int keepAlive = options.keepAliveSeconds();
                    if (keepAlive > 0) {
                        ch.pipeline().addLast(new IdleStateHandler(0, Math.max(1, keepAlive / 2), 0));
                    }
                    ch.pipeline().addLast(new InboundDecoder(), Session.this);
                }
            }).connect();
            channel = connecting.channel();
            connecting.addListener((ChannelFutureListener) future -> {
                if (!future.isSuccess()) {
                    accepted.completeExceptionally(future.cause());
                    return;
                }
                byte[] password = secrets.of(owner.gateway)
                        .map(secret -> secret.mqttPassword().getBytes(StandardCharsets.UTF_8)).orElse(null);
                future.channel().writeAndFlush(MqttPackets.connect(future.channel().alloc(), owner.clientId,
                        owner.gateway.identity(), password, options.keepAliveSeconds(), owner.gateway.statusTopic(),
                        OFFLINE));
            });
            return accepted;
        }

        /**
         * Publishes at QoS 1 in a free slot of the window. With {@code wait}, waits for a slot up to the send
         * timeout; without (on I/O threads), fails at once when none is free.
         */
        CompletableFuture<Void> publish(byte[] topic, byte[] payload, boolean retain, boolean wait) {
            CompletableFuture<Void> acked = new CompletableFuture<>();
            try {
                boolean slotFree = wait ? window.tryAcquire(options.sendTimeout().toNanos(), TimeUnit.NANOSECONDS)
                        : window.tryAcquire();
                if (!slotFree) {
                    acked.completeExceptionally(new TimeoutException("gateway " + owner.gateway.identity() + " has "
                            + slots.length() + " messages unacknowledged for " + options.sendTimeout()));
                    return acked;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                acked.completeExceptionally(e);
                return acked;
            }
            int slot = claimSlot(acked);
            Channel ch = channel;
            ByteBuf packet = MqttPackets.publishQos1(ch.alloc(), topic, slot + 1, payload, retain);
            ch.writeAndFlush(packet).addListener(future -> {
                if (!future.isSuccess()) {
                    finish(slot, future.cause());
                }
            });
            return acked;
        }

        /** Closes the connection at once with a TCP reset: no DISCONNECT, so the broker fires the Will. */
        ChannelFuture abort() {
            Channel ch = channel;
            if (ch.isOpen()) {
                ch.config().setOption(ChannelOption.SO_LINGER, 0);
            }
            return ch.close();
        }

        /** DISCONNECT (normal: the broker discards the Will), then close. */
        ChannelFuture disconnect() {
            Channel ch = channel;
            return ch.writeAndFlush(MqttPackets.disconnect(ch.alloc())).addListener(ChannelFutureListener.CLOSE);
        }

        void awaitNothingInFlight(long deadlineNanos) throws InterruptedException {
            int size = slots.length();
            if (window.tryAcquire(size, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                window.release(size);
            } else {
                LOG.warn("Gateway {} still has {} messages unacknowledged", owner.gateway.identity(),
                        size - window.availablePermits());
            }
        }

        private int claimSlot(CompletableFuture<Void> message) {
            // a permit guarantees a free slot; scanning a window of ~10 costs less than a free list
            for (int i = 0; ; i = (i + 1) % slots.length()) {
                if (slots.get(i) == null && slots.compareAndSet(i, null, message)) {
                    return i;
                }
            }
        }

        /** Ends the message in the slot, if it is still there: success when {@code failure} is null. */
        private void finish(int slot, Throwable failure) {
            CompletableFuture<Void> message = slots.getAndSet(slot, null);
            if (message == null) {
                return;
            }
            // the slot is free before the message completes, so that a dependent action may publish again
            window.release();
            if (failure == null) {
                message.complete(null);
            } else {
                message.completeExceptionally(failure);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof MqttPackets.PubAck ack) {
                int slot = ack.packetId() - 1;
                if (slots == null || slot < 0 || slot >= slots.length()) {
                    LOG.warn("Gateway {} got a PUBACK for packet id {} it never used", owner.gateway.identity(),
                            ack.packetId());
                    return;
                }
                finish(slot, ack.reasonCode() >= MqttPackets.FIRST_ERROR_REASON_CODE
                        ? new IOException("broker refused the message of gateway " + owner.gateway.identity()
                                + ": reason code 0x" + Integer.toHexString(ack.reasonCode()))
                        : null);
            } else if (msg instanceof MqttPackets.ConnAck connAck) {
                onConnAck(ctx, connAck);
            } else if (msg instanceof MqttPackets.Disconnect disconnect) {
                LOG.warn("Broker disconnected gateway {}: reason code 0x{}", owner.gateway.identity(),
                        Integer.toHexString(disconnect.reasonCode()));
                ctx.close();
            }
            // PINGRESP needs no action: any inbound traffic shows the connection is alive
        }

        private void onConnAck(ChannelHandlerContext ctx, MqttPackets.ConnAck connAck) {
            if (connAck.reasonCode() >= MqttPackets.FIRST_ERROR_REASON_CODE) {
                accepted.completeExceptionally(new IOException("broker refused gateway " + owner.gateway.identity()
                        + ": CONNACK reason code 0x" + Integer.toHexString(connAck.reasonCode())));
                ctx.close();
                return;
            }
            int size = Math.min(options.maxInFlightPerGateway(), connAck.receiveMaximum());
            slots = new AtomicReferenceArray<>(size);
            window = new Semaphore(size);
            up = true;
            counted = true;
            connected.incrementAndGet();
            accepted.complete(null);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent) {
                ctx.writeAndFlush(MqttPackets.pingReq(ctx.alloc()));
            } else {
                super.userEventTriggered(ctx, event);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            up = false;
            if (counted) {
                counted = false;
                connected.decrementAndGet();
            }
            IOException lost = new IOException("gateway " + owner.gateway.identity() + " lost its connection");
            accepted.completeExceptionally(lost);
            if (slots != null) {
                for (int i = 0; i < slots.length(); i++) {
                    finish(i, lost);
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!closed) {
                LOG.warn("Gateway {}: {}", owner.gateway.identity(), cause.toString());
            }
            ctx.close();
        }
    }

    /** Splits the inbound byte stream into MQTT packets. */
    private static final class InboundDecoder extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            MqttPackets.Inbound packet = MqttPackets.decode(in);
            if (packet != null) {
                out.add(packet);
            }
        }
    }
}

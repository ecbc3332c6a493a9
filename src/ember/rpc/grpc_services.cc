// The gRPC side of executor_service.h and driver_service.h: the only source that includes
// gRPC's headers and the generated service stubs.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <filesystem>

#include "ember/common/error.h"
#include "ember/rpc/driver_service.h"
#include "ember/rpc/executor_service.h"
#include "ember/shuffle/shuffle_files.h"
#include "proto/rpc.grpc.pb.h"

namespace ember {

namespace {

/// Bytes per FetchShuffleBlock message: large enough to amortize a message, small enough that
/// neither side buffers much of a big block.
constexpr uint64_t kShuffleChunkBytes = 1 << 20;
constexpr auto kCallTimeout = std::chrono::seconds(60);
constexpr auto kHeartbeatTimeout = std::chrono::seconds(10);

/// Runs `handler`, turning the engine's errors into a gRPC status the caller reads back.
template <typename Handler>
grpc::Status Guarded(Handler&& handler) {
  try {
    handler();
    return grpc::Status::OK;
  } catch (const Error& error) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, error.what());
  } catch (const std::exception& error) {
    return grpc::Status(grpc::StatusCode::INTERNAL, error.what());
  }
}

/// Throws an IO error for a failed call of `method` on the service at `address`.
void CheckStatus(const grpc::Status& status, const char* service, const char* method,
                 const std::string& address) {
  if (status.ok()) return;
  Throw(ErrorKind::kIo, "RPC_FAILED", service, ".", method, " to ", address, " failed (",
        static_cast<int>(status.error_code()), "): ", status.error_message());
}

/// Starts a server with `service` on `host` at an ephemeral port; returns it and sets `address`.
std::unique_ptr<grpc::Server> StartServer(const std::string& host, grpc::Service* service,
                                          std::string* address) {
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(host + ":0", grpc::InsecureServerCredentials(), &port);
  builder.SetMaxReceiveMessageSize(-1);
  builder.SetMaxSendMessageSize(-1);
  builder.RegisterService(service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || port == 0) {
    Throw(ErrorKind::kIo, "RPC_LISTEN_FAILED", "Cannot listen for RPC on ", host,
          " (an ephemeral port); check that the host is an address of this machine.");
  }
  *address = StrCat(host, ":", port);
  return server;
}

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address) {
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(-1);
  arguments.SetMaxSendMessageSize(-1);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), arguments);
}

void SetDeadline(grpc::ClientContext& context, std::chrono::seconds timeout) {
  context.set_deadline(std::chrono::system_clock::now() + timeout);
}

/// Returns whether `path` names a shuffle data file inside `directory` (no "..", no symlink
/// games with the name), so that a fetch cannot read other files of the host.
bool IsShuffleDataFile(const std::string& directory, const std::string& path) {
  namespace fs = std::filesystem;
  fs::path normal = fs::path(path).lexically_normal();
  fs::path root = fs::path(directory).lexically_normal();
  fs::path relative = normal.lexically_relative(root);
  if (relative.empty() || relative.is_absolute()) return false;
  for (const auto& part : relative) {
    if (part == "..") return false;
  }
  std::string name = normal.filename().string();
  return name.rfind("shuffle_", 0) == 0 && name.size() > 5 &&
         name.compare(name.size() - 5, 5, ".data") == 0;
}

class ExecutorServiceImpl final : public proto::ExecutorService::Service {
 public:
  explicit ExecutorServiceImpl(ExecutorServiceHandlers handlers) : handlers_(std::move(handlers)) {}

  grpc::Status LaunchTask(grpc::ServerContext*, const proto::LaunchTaskRequest* request,
                          proto::LaunchTaskReply*) override {
    return Guarded([&] { handlers_.launch_task(request->task_id(), request->task()); });
  }

  grpc::Status KillTask(grpc::ServerContext*, const proto::KillTaskRequest* request,
                        proto::KillTaskReply*) override {
    return Guarded([&] { handlers_.kill_task(request->task_id()); });
  }

  grpc::Status FetchShuffleBlock(grpc::ServerContext* context,
                                 const proto::FetchShuffleBlockRequest* request,
                                 grpc::ServerWriter<proto::ShuffleBlockChunk>* writer) override {
    return Guarded([&] {
      const std::string& path = request->data_path();
      if (!IsShuffleDataFile(handlers_.shuffle_directory, path)) {
        Throw(ErrorKind::kInvalidArgument, "INVALID_SHUFFLE_FETCH", "Refusing to serve ", path,
              ": not a shuffle data file under ", handlers_.shuffle_directory, ".");
      }
      uint64_t end = request->offset() + request->length();
      proto::ShuffleBlockChunk chunk;
      for (uint64_t offset = request->offset(); offset < end; offset += kShuffleChunkBytes) {
        if (context->IsCancelled()) return;
        uint64_t length = std::min(kShuffleChunkBytes, end - offset);
        chunk.set_data(ReadLocalShuffleBlock(path, offset, length));
        // Write blocks until the client has room: gRPC's flow control is the back-pressure.
        if (!writer->Write(chunk)) return;
      }
    });
  }

 private:
  ExecutorServiceHandlers handlers_;
};

class DriverServiceImpl final : public proto::DriverService::Service {
 public:
  explicit DriverServiceImpl(DriverServiceHandlers handlers) : handlers_(std::move(handlers)) {}

  grpc::Status RegisterExecutor(grpc::ServerContext*, const proto::RegisterExecutorRequest* request,
                                proto::RegisterExecutorReply*) override {
    return Guarded([&] {
      ExecutorRegistration registration;
      registration.executor_id = request->executor_id();
      registration.address = request->address();
      registration.cores = request->cores();
      registration.pid = request->pid();
      handlers_.register_executor(registration);
    });
  }

  grpc::Status StatusUpdate(grpc::ServerContext*, const proto::StatusUpdateRequest* request,
                            proto::StatusUpdateReply*) override {
    return Guarded([&] {
      handlers_.status_update(request->executor_id(), request->task_id(), request->result());
    });
  }

  grpc::Status Heartbeat(grpc::ServerContext*, const proto::HeartbeatRequest* request,
                         proto::HeartbeatReply* reply) override {
    return Guarded([&] { reply->set_known(handlers_.heartbeat(request->executor_id())); });
  }

 private:
  DriverServiceHandlers handlers_;
};

}  // namespace

struct ExecutorServer::Impl {
  explicit Impl(ExecutorServiceHandlers handlers) : service(std::move(handlers)) {}
  ExecutorServiceImpl service;
  std::unique_ptr<grpc::Server> server;
  std::string address;
};

ExecutorServer::ExecutorServer(const std::string& host, ExecutorServiceHandlers handlers)
    : impl_(std::make_unique<Impl>(std::move(handlers))) {
  impl_->server = StartServer(host, &impl_->service, &impl_->address);
}

ExecutorServer::~ExecutorServer() {
  impl_->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
}

const std::string& ExecutorServer::address() const {
  return impl_->address;
}

struct ExecutorClient::Impl {
  std::string address;
  std::unique_ptr<proto::ExecutorService::Stub> stub;
};

ExecutorClient::ExecutorClient(std::string address) : impl_(std::make_unique<Impl>()) {
  impl_->address = std::move(address);
  impl_->stub = proto::ExecutorService::NewStub(MakeChannel(impl_->address));
}

ExecutorClient::~ExecutorClient() = default;

const std::string& ExecutorClient::address() const {
  return impl_->address;
}

void ExecutorClient::LaunchTask(int64_t task_id, const std::string& task_bytes) {
  grpc::ClientContext context;
  SetDeadline(context, kCallTimeout);
  proto::LaunchTaskRequest request;
  request.set_task_id(task_id);
  request.set_task(task_bytes);
  proto::LaunchTaskReply reply;
  CheckStatus(impl_->stub->LaunchTask(&context, request, &reply), "ExecutorService", "LaunchTask",
              impl_->address);
}

void ExecutorClient::KillTask(int64_t task_id) {
  grpc::ClientContext context;
  SetDeadline(context, kCallTimeout);
  proto::KillTaskRequest request;
  request.set_task_id(task_id);
  proto::KillTaskReply reply;
  CheckStatus(impl_->stub->KillTask(&context, request, &reply), "ExecutorService", "KillTask",
              impl_->address);
}

std::string ExecutorClient::FetchShuffleBlock(const std::string& data_path, uint64_t offset,
                                              uint64_t length) {
  grpc::ClientContext context;
  SetDeadline(context, std::chrono::seconds(600));
  proto::FetchShuffleBlockRequest request;
  request.set_data_path(data_path);
  request.set_offset(offset);
  request.set_length(length);
  std::unique_ptr<grpc::ClientReader<proto::ShuffleBlockChunk>> reader =
      impl_->stub->FetchShuffleBlock(&context, request);
  std::string block;
  block.reserve(length);
  proto::ShuffleBlockChunk chunk;
  while (reader->Read(&chunk)) block += chunk.data();
  CheckStatus(reader->Finish(), "ExecutorService", "FetchShuffleBlock", impl_->address);
  if (block.size() != length) {
    Throw(ErrorKind::kIo, "SHUFFLE_FETCH_FAILED", "Fetching ", length, " bytes of ", data_path,
          " from the executor at ", impl_->address, " returned ", block.size(), " bytes.");
  }
  return block;
}

struct DriverServer::Impl {
  explicit Impl(DriverServiceHandlers handlers) : service(std::move(handlers)) {}
  DriverServiceImpl service;
  std::unique_ptr<grpc::Server> server;
  std::string address;
};

DriverServer::DriverServer(const std::string& host, DriverServiceHandlers handlers)
    : impl_(std::make_unique<Impl>(std::move(handlers))) {
  impl_->server = StartServer(host, &impl_->service, &impl_->address);
}

DriverServer::~DriverServer() {
  impl_->server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
}

const std::string& DriverServer::address() const {
  return impl_->address;
}

struct DriverClient::Impl {
  std::string address;
  std::unique_ptr<proto::DriverService::Stub> stub;
};

DriverClient::DriverClient(std::string address) : impl_(std::make_unique<Impl>()) {
  impl_->address = std::move(address);
  impl_->stub = proto::DriverService::NewStub(MakeChannel(impl_->address));
}

DriverClient::~DriverClient() = default;

const std::string& DriverClient::address() const {
  return impl_->address;
}

void DriverClient::RegisterExecutor(const ExecutorRegistration& registration) {
  grpc::ClientContext context;
  SetDeadline(context, kCallTimeout);
  context.set_wait_for_ready(true);  // the driver's server is up, but be patient on a busy host
  proto::RegisterExecutorRequest request;
  request.set_executor_id(registration.executor_id);
  request.set_address(registration.address);
  request.set_cores(registration.cores);
  request.set_pid(registration.pid);
  proto::RegisterExecutorReply reply;
  CheckStatus(impl_->stub->RegisterExecutor(&context, request, &reply), "DriverService",
              "RegisterExecutor", impl_->address);
}

void DriverClient::StatusUpdate(const std::string& executor_id, int64_t task_id,
                                const std::string& result_bytes) {
  grpc::ClientContext context;
  SetDeadline(context, kCallTimeout);
  proto::StatusUpdateRequest request;
  request.set_executor_id(executor_id);
  request.set_task_id(task_id);
  request.set_result(result_bytes);
  proto::StatusUpdateReply reply;
  CheckStatus(impl_->stub->StatusUpdate(&context, request, &reply), "DriverService", "StatusUpdate",
              impl_->address);
}

bool DriverClient::Heartbeat(const std::string& executor_id) {
  grpc::ClientContext context;
  SetDeadline(context, kHeartbeatTimeout);
  proto::HeartbeatRequest request;
  request.set_executor_id(executor_id);
  proto::HeartbeatReply reply;
  CheckStatus(impl_->stub->Heartbeat(&context, request, &reply), "DriverService", "Heartbeat",
              impl_->address);
  return reply.known();
}

}  // namespace ember

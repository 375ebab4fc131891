// A mosquitto broker for programs that talk to one on loopback (the interop tests, examples/demos): a child
// process started with fork/execv and stopped by its pid (RAII), a temporary directory, a free loopback port,
// and mosquitto started on that port with a fresh configuration (persistence off) in a fresh temporary
// directory, ready once an MQTT handshake succeeds. Every wait is bounded; every failure throws interop::failure.
//
//   interop::mosquitto_broker broker;
//   broker.start({"max_topic_alias 2"});          // extra configuration lines; broker.dir() holds its files
//   interop::connection c{"device", &std::cout};
//   c.connect("127.0.0.1", broker.port());
#pragma once

#include "connection.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace interop {

namespace fs = std::filesystem;

inline std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}


// An executable: `name` on PATH or in one of `extra_dirs` (mosquitto lives in /usr/sbin, often not on a
// user's PATH). Empty when not found.
inline std::string find_executable(const std::string& name, const std::vector<std::string>& extra_dirs = {}) {
    std::vector<std::string> dirs;
    if (const char* path = std::getenv("PATH")) {
        std::istringstream in(path);
        for (std::string dir; std::getline(in, dir, ':');)
            if (!dir.empty()) dirs.push_back(dir);
    }
    dirs.insert(dirs.end(), extra_dirs.begin(), extra_dirs.end());
    for (const auto& dir : dirs) {
        const auto candidate = dir + "/" + name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return {};
}

inline std::string mosquitto_program() { return find_executable("mosquitto", {"/usr/sbin", "/usr/local/sbin", "/sbin"}); }

// ---- temporary directory ---------------------------------------------------------------------------------

class temp_dir {
public:
    temp_dir() {
        auto pattern = (fs::temp_directory_path() / "mqtt5-interop-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) interop::fail("mkdtemp failed: " + std::string(std::strerror(errno)));
        path_ = pattern;
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path& path() const noexcept { return path_; }

private:
    fs::path path_{};
};

// ---- child process -----------------------------------------------------------------------------------------

// One child process, started with fork/execv (no shell), stdin from /dev/null, stdout and stderr to files.
// The destructor stops it by its pid if it still runs: SIGTERM, then SIGKILL after a bound. On Linux the
// child also gets SIGKILL should the test process die first (PR_SET_PDEATHSIG).
class child_process {
public:
    child_process() = default;
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;
    ~child_process() { stop(); }

    void start(const std::vector<std::string>& argv, const fs::path& stdout_path, const fs::path& stderr_path) {
        interop::check(pid_ <= 0, "child_process: already started");
        interop::check(!argv.empty() && !argv[0].empty(), "child_process: no program");
        name_ = fs::path(argv[0]).filename().string();
        // Everything the child needs is prepared before fork(): after it, only async-signal-safe calls.
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        const auto out = stdout_path.string(), err = stderr_path.string();
        const pid_t parent = ::getpid();
        const pid_t pid = ::fork();
        interop::check(pid >= 0, "fork failed: " + std::string(std::strerror(errno)));
        if (pid == 0) {
#if defined(__linux__)
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (::getppid() != parent) ::_exit(126);
#else
            (void)parent;
#endif
            const int in_fd = ::open("/dev/null", O_RDONLY);
            const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (in_fd < 0 || out_fd < 0 || err_fd < 0) ::_exit(125);
            ::dup2(in_fd, 0);
            ::dup2(out_fd, 1);
            ::dup2(err_fd, 2);
            ::execv(args[0], args.data());
            ::_exit(127);
        }
        pid_ = pid;
        status_.reset();
    }

    pid_t pid() const noexcept { return pid_; }
    const std::string& name() const noexcept { return name_; }

    // True while the child runs (reaps it when it has ended).
    bool running() {
        if (pid_ <= 0) return false;
        int status = 0;
        const pid_t r = ::waitpid(pid_, &status, WNOHANG);
        if (r == 0) return true;
        reaped(r == pid_ ? status : 0);
        return false;
    }

    // The exit status (exit code, or 128 + signal) once the child ended within `timeout`; nullopt if it still runs.
    std::optional<int> wait_for(milliseconds timeout) {
        const auto deadline = clock::now() + timeout;
        for (;;) {
            if (!running()) return status_;
            if (clock::now() >= deadline) return std::nullopt;
            std::this_thread::sleep_for(milliseconds{10});
        }
    }

    // Stops the child by its pid: SIGTERM, SIGKILL after `grace`. Returns its exit status (nullopt if never started).
    std::optional<int> stop(milliseconds grace = milliseconds{3000}) {
        if (!running()) return status_;
        ::kill(pid_, SIGTERM);
        if (const auto s = wait_for(grace)) return s;
        ::kill(pid_, SIGKILL);
        if (const auto s = wait_for(milliseconds{5000})) return s;
        return std::nullopt;  // unkillable (should not happen); do not block the test any longer
    }

    std::optional<int> exit_status() const noexcept { return status_; }

private:
    void reaped(int status) {
        status_ = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
        pid_ = -1;
    }

    pid_t pid_{-1};
    std::string name_{};
    std::optional<int> status_{};
};

// ---- ports -------------------------------------------------------------------------------------------

// A port the kernel considers free on 127.0.0.1: bind port 0, read the port, close. Another process could
// take it before the broker binds it; the broker start is retried with a new port then.
inline std::uint16_t free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    interop::check(fd >= 0, "socket failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    const bool ok = ::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
    ::close(fd);
    interop::check(ok, "could not bind a loopback port");
    return ntohs(addr.sin_port);
}

// ---- mosquitto ---------------------------------------------------------------------------------------------

// A mosquitto broker on 127.0.0.1 with a configuration in a temporary directory, logging everything to a
// file there. Started by start(), stopped by stop() or the destructor (by pid), directory removed after.
class mosquitto_broker {
public:
    mosquitto_broker() = default;
    mosquitto_broker(const mosquitto_broker&) = delete;
    mosquitto_broker& operator=(const mosquitto_broker&) = delete;
    ~mosquitto_broker() { stop(); }

    // `extra_config`: lines added to the configuration (e.g. "max_qos 1").
    void start(const std::vector<std::string>& extra_config = {}) {
        extra_config_ = extra_config;
        const auto program = mosquitto_program();
        interop::check(!program.empty(), "mosquitto not found (install the Debian package 'mosquitto'; tests/run.sh does)");
        std::string why;
        for (int attempt = 0; attempt < 3; ++attempt) {
            port_ = free_loopback_port();
            write_config();
            process_.start({program, "-c", config_path().string()}, dir_.path() / "stdout.txt", dir_.path() / "stderr.txt");
            if (wait_ready(milliseconds{10000}, why)) return;
            process_.stop();
        }
        interop::fail("mosquitto did not start: " + why + "\n--- stderr:\n" + read_file(dir_.path() / "stderr.txt") +
                      "--- log:\n" + read_file(log_path()));
    }

    // Stops the broker (SIGTERM, then SIGKILL) and keeps its log for log().
    void stop() {
        if (process_.pid() > 0) process_.stop();
    }

    std::uint16_t port() const noexcept { return port_; }
    fs::path log_path() const { return dir_.path() / "mosquitto.log"; }
    fs::path config_path() const { return dir_.path() / "mosquitto.conf"; }
    const fs::path& dir() const noexcept { return dir_.path(); }
    std::string log() const { return read_file(log_path()); }
    bool running() { return process_.running(); }

    // Waits until the log has a line containing `text` (bounded).
    bool wait_for_log(const std::string& text, milliseconds timeout) {
        const auto deadline = clock::now() + timeout;
        for (;;) {
            if (log().find(text) != std::string::npos) return true;
            if (clock::now() >= deadline) return false;
            std::this_thread::sleep_for(milliseconds{20});
        }
    }

private:
    void write_config() {
        std::ofstream conf(config_path());
        conf << "# written by examples/interop/mosquitto.hpp (mqtt5)\n"
             << "listener " << port_ << " 127.0.0.1\n"
             << "allow_anonymous true\n"
             << "log_dest file " << log_path().string() << "\n"
             << "log_type all\n"
             << "persistence false\n";
        // Started as root, mosquitto drops to user "mosquitto", who cannot write into our temporary
        // directory; "user root" keeps it as it is. (Not started as root, it ignores the option.)
        if (::geteuid() == 0) conf << "user root\n";
        for (const auto& line : extra_config_) conf << line << "\n";
    }

    // Ready = an MQTT handshake with the codec succeeds (so the log shows a clean connect/disconnect).
    bool wait_ready(milliseconds timeout, std::string& why) {
        const auto deadline = clock::now() + timeout;
        while (clock::now() < deadline) {
            if (!process_.running()) {
                why = "mosquitto exited with status " + std::to_string(process_.exit_status().value_or(-1));
                return false;
            }
            try {
                interop::connection probe{"readiness-probe"};
                probe.connect("127.0.0.1", port_, milliseconds{500});
                probe.send(mqtt5::connect{.client_id = "interop-readiness-probe", .keep_alive = 10, .clean_start = true});
                (void)probe.expect<mqtt5::connack>(milliseconds{2000});
                probe.send(mqtt5::disconnect{});
                (void)probe.wait_closed(milliseconds{2000});
                return true;
            } catch (const interop::failure& e) {
                why = e.what();
            }
            std::this_thread::sleep_for(milliseconds{20});
        }
        why = "not ready within " + std::to_string(timeout.count()) + " ms: " + why;
        return false;
    }

    temp_dir dir_{};
    child_process process_{};
    std::uint16_t port_{};
    std::vector<std::string> extra_config_{};
};

}  // namespace interop

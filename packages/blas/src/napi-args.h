// Reading a native call's arguments with checks: every failure throws a JavaScript error that
// names the argument and what was wrong, and makes the accessor return false, so a wrong shape
// from JavaScript is an exception, never a read or write past a buffer.
#pragma once
#include <node_api.h>

#include <cstddef>
#include <cstdint>
#include <string>

// Defines each function as a property of the module's exports: the one place a binding's names
// meet their C++ functions (each kernel file registers its own; index.d.ts types them all).
struct NamedFunction {
  const char* name;
  napi_callback callback;
};

template <size_t N>
inline void DefineFunctions(napi_env env, napi_value exports, const NamedFunction (&functions)[N]) {
  napi_property_descriptor properties[N];
  for (size_t i = 0; i < N; i++) properties[i] = {functions[i].name, nullptr, functions[i].callback, nullptr, nullptr, nullptr, napi_default, nullptr};
  napi_define_properties(env, exports, N, properties);
}

struct Floats {
  float* data = nullptr;
  size_t length = 0;
};

class Args {
 public:
  Args(napi_env env, napi_callback_info info, size_t expected, const char* signature) : env_(env) {
    size_t argc = kMax;
    if (napi_get_cb_info(env, info, &argc, argv_, nullptr, nullptr) != napi_ok) {
      Fail(napi_throw_error(env, nullptr, "cannot read arguments"));
    } else if (argc != expected) {
      Fail(napi_throw_type_error(env, nullptr, (std::string("expected ") + signature).c_str()));
    }
  }

  // An integer in [0, max]; BLAS dimensions pass INT_MAX, since cblas takes int.
  bool Int(size_t i, int64_t* out, const char* name, int64_t max = INT64_MAX) {
    if (!ok_) return false;
    if (napi_get_value_int64(env_, argv_[i], out) == napi_ok && *out >= 0 && *out <= max) return true;
    const std::string range = max == INT64_MAX ? " ≥ 0" : " from 0 to " + std::to_string(max);
    return Fail(napi_throw_type_error(env_, nullptr, (std::string(name) + " must be an integer" + range).c_str()));
  }

  bool Bool(size_t i, bool* out, const char* name) {
    if (!ok_) return false;
    if (napi_get_value_bool(env_, argv_[i], out) == napi_ok) return true;
    return Fail(napi_throw_type_error(env_, nullptr, (std::string(name) + " must be a boolean").c_str()));
  }

  bool Float(size_t i, float* out, const char* name) {
    if (!ok_) return false;
    double value = 0.0;
    if (napi_get_value_double(env_, argv_[i], &value) == napi_ok) {
      *out = static_cast<float>(value);
      return true;
    }
    return Fail(napi_throw_type_error(env_, nullptr, (std::string(name) + " must be a number").c_str()));
  }

  // A string, or null or undefined (then *given is false and out is untouched).
  bool OptionalString(size_t i, std::string* out, bool* given, const char* name) {
    if (!ok_) return false;
    napi_valuetype type;
    if (napi_typeof(env_, argv_[i], &type) == napi_ok && (type == napi_null || type == napi_undefined)) {
      *given = false;
      return true;
    }
    size_t length = 0;
    if (type != napi_string || napi_get_value_string_utf8(env_, argv_[i], nullptr, 0, &length) != napi_ok) {
      return Fail(napi_throw_type_error(env_, nullptr, (std::string(name) + " must be a string").c_str()));
    }
    std::string value(length + 1, '\0');
    napi_get_value_string_utf8(env_, argv_[i], &value[0], length + 1, &length);
    value.resize(length);
    *out = value;
    *given = true;
    return true;
  }

  // A JavaScript array of exactly `count` integers, each in [0, max].
  bool Ints(size_t i, uint32_t count, int64_t* out, const char* name, int64_t max) {
    if (!ok_) return false;
    uint32_t length = 0;
    bool is_array = false;
    if (napi_is_array(env_, argv_[i], &is_array) != napi_ok || !is_array || napi_get_array_length(env_, argv_[i], &length) != napi_ok ||
        length != count) {
      return Fail(napi_throw_type_error(env_, nullptr, (std::string(name) + " must be an array of " + std::to_string(count) + " integers").c_str()));
    }
    for (uint32_t k = 0; k < count; k++) {
      napi_value element;
      napi_valuetype type;
      double value = -1.0;
      if (napi_get_element(env_, argv_[i], k, &element) != napi_ok || napi_typeof(env_, element, &type) != napi_ok || type != napi_number ||
          napi_get_value_double(env_, element, &value) != napi_ok || !(value >= 0.0 && value <= static_cast<double>(max)) ||
          value != static_cast<double>(static_cast<int64_t>(value))) {
        return Fail(napi_throw_type_error(env_, nullptr, (std::string(name) + "[" + std::to_string(k) + "] must be an integer from 0 to " + std::to_string(max)).c_str()));
      }
      out[k] = static_cast<int64_t>(value);
    }
    return true;
  }

  // a·b, or a RangeError when it overflows.
  bool Product(int64_t a, int64_t b, int64_t* out) {
    if (!ok_) return false;
    if (!__builtin_mul_overflow(a, b, out)) return true;
    return Fail(napi_throw_range_error(env_, nullptr, "the sizes overflow 64-bit integers"));
  }

  // A Float32Array of exactly `length` elements (any length when length < 0: the caller checks).
  bool Array(size_t i, int64_t length, Floats* out, const char* name) { return FloatArray(argv_[i], length, out, name); }

  // Like Array, but null or undefined is allowed and gives data = nullptr.
  bool OptionalArray(size_t i, int64_t length, Floats* out, const char* name) {
    if (!ok_) return false;
    napi_valuetype type;
    if (napi_typeof(env_, argv_[i], &type) == napi_ok && (type == napi_null || type == napi_undefined)) {
      *out = Floats{};
      return true;
    }
    return Array(i, length, out, name);
  }

  // The length of a JavaScript array argument.
  bool ArrayLength(size_t i, uint32_t* out, const char* name) {
    if (!ok_) return false;
    bool is_array = false;
    if (napi_is_array(env_, argv_[i], &is_array) == napi_ok && is_array && napi_get_array_length(env_, argv_[i], out) == napi_ok) return true;
    return Fail(napi_throw_type_error(env_, nullptr, (std::string(name) + " must be an array of Float32Arrays").c_str()));
  }

  // Element `index` of a JavaScript array argument, a Float32Array of any length.
  bool Element(size_t i, uint32_t index, Floats* out, const char* name) {
    if (!ok_) return false;
    napi_value element;
    if (napi_get_element(env_, argv_[i], index, &element) != napi_ok) {
      return Fail(napi_throw_type_error(env_, nullptr, (std::string(name) + " must be an array of Float32Arrays").c_str()));
    }
    return FloatArray(element, -1, out, name);
  }

  napi_value RangeError(const char* message) {
    Fail(napi_throw_range_error(env_, nullptr, message));
    return nullptr;
  }

 private:
  static constexpr size_t kMax = 16;

  bool FloatArray(napi_value value, int64_t length, Floats* out, const char* name) {
    if (!ok_) return false;
    bool is_typed = false;
    napi_typedarray_type type;
    void* raw = nullptr;
    size_t count = 0;
    if (napi_is_typedarray(env_, value, &is_typed) != napi_ok || !is_typed ||
        napi_get_typedarray_info(env_, value, &type, &count, &raw, nullptr, nullptr) != napi_ok || type != napi_float32_array) {
      return Fail(napi_throw_type_error(env_, nullptr, (std::string(name) + " must be a Float32Array").c_str()));
    }
    if (length >= 0 && static_cast<uint64_t>(length) != count) {
      std::string message = std::string(name) + " has " + std::to_string(count) + " elements; its shape needs " + std::to_string(length);
      return Fail(napi_throw_range_error(env_, nullptr, message.c_str()));
    }
    out->data = static_cast<float*>(raw);
    out->length = count;
    return true;
  }

  bool Fail(napi_status) {
    ok_ = false;
    return false;
  }

  napi_env env_;
  napi_value argv_[kMax] = {};
  bool ok_ = true;
};

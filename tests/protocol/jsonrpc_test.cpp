#include "protocol/jsonrpc.h"

#include <gtest/gtest.h>

#include "protocol/json_wire.h"

using namespace cc::protocol;
using Kind = Incoming::Kind;

TEST(JsonRpc, ClassifiesRequestsNotificationsAndResponses) {
  auto r = classify(json::parse(R"({"jsonrpc":"2.0","id":7,"method":"m","params":{}})"));
  EXPECT_EQ(r.kind, Kind::Request);
  EXPECT_EQ(r.id, json(7));
  auto s = classify(json::parse(R"({"jsonrpc":"2.0","id":"abc","method":"m"})"));
  EXPECT_EQ(s.kind, Kind::Request);
  EXPECT_EQ(s.id, json("abc"));
  EXPECT_EQ(classify(json::parse(R"({"jsonrpc":"2.0","method":"n"})")).kind, Kind::Notification);
  EXPECT_EQ(classify(json::parse(R"({"jsonrpc":"2.0","id":1,"result":null})")).kind, Kind::Response);
  auto e = classify(json::parse(R"({"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"x"}})"));
  ASSERT_EQ(e.kind, Kind::Response);
  ASSERT_TRUE(e.error);
  EXPECT_EQ(e.error->code, ErrorCode::MethodNotFound);
}

TEST(JsonRpc, InvalidMessagesKeepTheirIdWhenUsable) {
  auto v1 = classify(json::parse(R"({"jsonrpc":"1.0","id":3,"method":"m"})"));
  EXPECT_EQ(v1.kind, Kind::Invalid);
  EXPECT_EQ(v1.id, json(3));
  EXPECT_EQ(classify(json::parse(R"({"id":3,"method":"m"})")).kind, Kind::Invalid);
  auto badid = classify(json::parse(R"({"jsonrpc":"2.0","id":{"a":1},"method":"m"})"));
  EXPECT_EQ(badid.kind, Kind::Invalid);
  EXPECT_TRUE(badid.id.is_null());
  EXPECT_EQ(classify(json::parse(R"({"jsonrpc":"2.0","id":1.5,"method":"m"})")).kind, Kind::Invalid);
  EXPECT_EQ(classify(json::parse(R"({"jsonrpc":"2.0","id":1,"method":5})")).kind, Kind::Invalid);
  EXPECT_EQ(classify(json::parse(R"({"jsonrpc":"2.0","id":1,"method":"m","params":3})")).kind, Kind::Invalid);
  EXPECT_EQ(classify(json::parse("[1,2]")).kind, Kind::Invalid);
}

TEST(JsonRpc, IdKeysKeepIntAndStringDistinct) {
  EXPECT_NE(id_key(json(1)), id_key(json("1")));
  EXPECT_EQ(id_key(json(1)), id_key(json(1)));
}

TEST(JsonRpc, WireDumpReplacesInvalidUtf8) {
  json j = {{"text", std::string("ok \xFF\xFE bad")}};
  std::string out;
  ASSERT_NO_THROW(out = dump_wire(j));
  EXPECT_NE(out.find("\xEF\xBF\xBD"), std::string::npos);
}

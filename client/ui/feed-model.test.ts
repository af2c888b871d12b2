import { describe, expect, it } from "vitest";
import { hashtags, trending } from "./feed-model.js";

describe("the social feed's trends", () => {
  it("trending tags are weighted by shares, case-insensitive, each post counted once per tag", () => {
    expect(hashtags("#Logirhone fuite #Logirhone #cyberattaque #a")).toEqual(["#Logirhone", "#cyberattaque"]);
    const tr = trending([{ text: "#Logirhone #cyberattaque", shares: 100 }, { text: "#logirhone", shares: 50 }, { text: "#RGPD", shares: 120 }]);
    expect(tr.map((x) => [x.tag, x.posts, x.shares])).toEqual([["#Logirhone", 2, 150], ["#RGPD", 1, 120], ["#cyberattaque", 1, 100]]);
  });
});

import { describe, expect, it } from "vitest";
import { hashtags, likesAt, sharesAt, trending } from "./feed-model.js";

describe("the social feed's figures", () => {
  const post = { at: 600, volume: { from: 40, to: 4000, over: 7200, shape: "linear" as const, scales: [] }, likes: 2 };
  it("shares grow along the post's curve in game time and stop at its end; likes follow", () => {
    expect(sharesAt(post, 600)).toBe(40);
    expect(sharesAt(post, 600 + 3600)).toBe(2020);
    expect(sharesAt(post, 600 + 7200)).toBe(4000);
    expect(sharesAt(post, 99_999)).toBe(4000);
    expect(sharesAt(post, 0)).toBe(40);
    expect(likesAt(post, 600 + 3600)).toBe(4040);
    expect(sharesAt({ at: 0, shares: 300 }, 5000)).toBe(300);
  });
  it("a scale change halves what is still to come", () => {
    const halved = { ...post, volume: { ...post.volume, scales: [{ at: 600 + 3600, scale: 0.5 }] } };
    expect(sharesAt(halved, 600 + 7200)).toBe(2020 + 990);
  });
  it("trending tags are weighted by shares, case-insensitive, each post counted once per tag", () => {
    expect(hashtags("#Logirhone fuite #Logirhone #cyberattaque #a")).toEqual(["#Logirhone", "#cyberattaque"]);
    const tr = trending([{ text: "#Logirhone #cyberattaque", shares: 100 }, { text: "#logirhone", shares: 50 }, { text: "#RGPD", shares: 120 }]);
    expect(tr.map((x) => [x.tag, x.posts, x.shares])).toEqual([["#Logirhone", 2, 150], ["#RGPD", 1, 120], ["#cyberattaque", 1, 100]]);
  });
});

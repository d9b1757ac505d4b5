// Reports a scenario run into allure: one step per phase, the journal as an attachment.
import * as allure from "allure-js-commons";
import type { RunReporter } from "./run-scenario.ts";

export const allureReporter: RunReporter = {
  step: <T>(name: string, fn: () => Promise<T>): Promise<T> => Promise.resolve(allure.step(name, () => fn())),
  attach: async (name, content, contentType) => {
    await allure.attachment(name, content, contentType);
  },
};

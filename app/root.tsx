import { useEffect, useState } from "react";
import { ColorSchemeScript, MantineProvider, Container } from "@mantine/core";
import mantineCoreStyles from "@mantine/core/styles.css";
import mantineChartsStyles from "@mantine/charts/styles.css";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { type ShouldRevalidateFunction, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import mantineVariables from "./styles/mantine-variables.css";
import appStyles from "./styles/app.css";
import { getOptionalUser } from "./auth.server";
import { dictionaryScript, resolveLocale } from "./i18n/i18n.server";
import { DictionaryGeneration, dictionaryUrl, hasDictionary } from "./i18n/dictionary";
import { DEFAULT_LOCALE, type Locale } from "./i18n/locale";
import { useNonce } from "./security/nonce";
import { theme } from "./theme";
import { DEFAULT_TIME_ZONE } from "./domain/time-zone";
import { PageError } from "./components/page-error";

// Mantine's CSS is linked once here, as files, and never through side-effect imports.
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: mantineCoreStyles },
  // The theme's variables and global classes, generated once (scripts/generate-theme-css.ts), not per request.
  { rel: "stylesheet", href: mantineVariables },
  { rel: "stylesheet", href: mantineChartsStyles },
  { rel: "stylesheet", href: appStyles },
  // The .ico for browsers and tools that ask for /favicon.ico; the SVG where it is understood.
  { rel: "icon", href: "/favicon.ico", sizes: "16x16 32x32 48x48" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Service chain portal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const locale = await resolveLocale(request, user?.locale);
  // The texts themselves come from a cached script (routes/i18n.$locale), not in every page's data.
  // The time zone comes from here too, so server and browser format times alike.
  return { locale, timeZone: user?.timeZone ?? DEFAULT_TIME_ZONE, messagesVersion: dictionaryScript(locale).version };
}

/**
 * The root data (locale and its dictionary version) changes only through a form
 * submission (language switch, login, logout), so plain navigations do not
 * fetch the dictionary again.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod !== undefined && formMethod.toUpperCase() !== "GET" ? defaultShouldRevalidate : false;

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale: Locale = data?.locale ?? DEFAULT_LOCALE;
  const nonce = useNonce();
  const generation = useDictionaryOf(locale, data?.messagesVersion);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        <ColorSchemeScript defaultColorScheme="light" nonce={nonce} />
      </head>
      <body>
        <DictionaryGeneration.Provider value={generation}>
          <MantineProvider theme={theme} defaultColorScheme="light" withCssVariables={false} withGlobalClasses={false} getStyleNonce={() => nonce ?? ""}>
            {children}
          </MantineProvider>
        </DictionaryGeneration.Provider>
        {/* A classic script: it runs before the deferred module scripts that hydrate the page. */}
        {data?.messagesVersion ? <script nonce={nonce} src={dictionaryUrl(locale, data.messagesVersion)} /> : null}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/**
 * After a change of language without a page load (the root data revalidates
 * after a login, for example) the new dictionary is not in the browser yet:
 * load its script, then render again.
 */
function useDictionaryOf(locale: Locale, version: string | undefined): number {
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!version || hasDictionary(locale)) return;
    const script = document.createElement("script");
    script.src = dictionaryUrl(locale, version);
    script.onload = () => setGeneration((g) => g + 1);
    document.head.appendChild(script);
  }, [locale, version]);
  return generation;
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  return (
    <Container size="sm" py="xl">
      <PageError error={error} />
    </Container>
  );
}

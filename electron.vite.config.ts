import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

/**
 * Ant Design's parts that name themselves in English in code, not in antd's locale, rewritten at build
 * time (renderer/src/lib/built-in-names.ts sets the names from the console's message table):
 * - icons: aria-hidden (decorative) unless given an aria-label, instead of aria-label="search";
 * - InputNumber's step buttons, Select's clear button, Segmented's group, Input.Search's button and the
 *   pager's arrows: the locale's names.
 * A literal that is no longer there (a new antd) fails the build, so nothing goes back to English
 * unnoticed. Only the build is rewritten: no script runs `electron-vite dev`.
 */
function builtInNames(): Plugin {
  const names = (key: string, english: string): string => `(globalThis.__ddBuiltInNames?.${key} ?? ${JSON.stringify(english)})`;
  const edits: { file: RegExp; replace: [from: string, to: string][] }[] = [
    {
      file: /@ant-design[\\/]icons[\\/](es|lib)[\\/]components[\\/]AntdIcon(Light)?\.js$/,
      replace: [['"aria-label": icon.name', '"aria-hidden": restProps["aria-label"] === undefined ? true : undefined']],
    },
    {
      file: /@rc-component[\\/]input-number[\\/](es|lib)[\\/]StepHandler\.js$/,
      replace: [["isUpAction ? 'Increase Value' : 'Decrease Value'", `isUpAction ? ${names('increase', 'Increase Value')} : ${names('decrease', 'Decrease Value')}`]],
    },
    {
      file: /@rc-component[\\/]select[\\/](es|lib)[\\/]hooks[\\/]useAllowClear\.js$/,
      replace: [["allowClearConfig.label ?? 'Clear'", `allowClearConfig.label ?? ${names('clear', 'Clear')}`]],
    },
    {
      file: /@rc-component[\\/]segmented[\\/](es|lib)[\\/]index\.js$/,
      replace: [['"aria-label": "segmented control"', `"aria-label": ${names('segmented', 'segmented control')}`]],
    },
    // Input.Search's button is its icon alone.
    {
      file: /antd[\\/]es[\\/]input[\\/]Search\.js$/,
      replace: [
        [
          'key: "enterButton",\n      onMouseDown: onMouseDown,',
          `key: "enterButton",\n      "aria-label": typeof enterButton === 'boolean' ? ${names('search', 'Search')} : undefined,\n      onMouseDown: onMouseDown,`,
        ],
      ],
    },
    // The page buttons' arrows were named by their icons ("left", "right"): named by antd's own locale now.
    {
      file: /antd[\\/]es[\\/]pagination[\\/]Pagination\.js$/,
      replace: [
        [
          'type: "button",\n      tabIndex: -1\n    }, direction === \'rtl\' ? /*#__PURE__*/React.createElement(RightOutlined',
          'type: "button",\n      tabIndex: -1,\n      "aria-label": locale.prev_page\n    }, direction === \'rtl\' ? /*#__PURE__*/React.createElement(RightOutlined',
        ],
        [
          'type: "button",\n      tabIndex: -1\n    }, direction === \'rtl\' ? /*#__PURE__*/React.createElement(LeftOutlined',
          'type: "button",\n      tabIndex: -1,\n      "aria-label": locale.next_page\n    }, direction === \'rtl\' ? /*#__PURE__*/React.createElement(LeftOutlined',
        ],
        ['}, [direction, prefixCls]);\n  const selectPrefixCls', '}, [direction, prefixCls, locale.prev_page, locale.next_page]);\n  const selectPrefixCls'],
      ],
    },
  ];
  return {
    name: 'duty-desk-built-in-names',
    enforce: 'pre',
    transform(code, id) {
      const edit = edits.find((e) => e.file.test(id.split('?')[0]!));
      if (!edit) return null;
      let out = code;
      for (const [from, to] of edit.replace) {
        if (!out.includes(from)) throw new Error(`builtInNames: ${id} no longer contains ${from}; update electron.vite.config.ts`);
        out = out.split(from).join(to);
      }
      return { code: out, map: null };
    },
  };
}

// Our entries live in main/, preload/ and renderer/ (not electron-vite's default src/): name them.
export default defineConfig({
  main: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'main/index.ts') } },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require node_modules: bundle everything it uses into one file.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'preload/index.ts') }, output: { format: 'cjs' } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    base: './',
    publicDir: resolve(__dirname, 'resources/public'),
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      minify: true,
      chunkSizeWarningLimit: 4000,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
    plugins: [react(), builtInNames()],
  },
});
